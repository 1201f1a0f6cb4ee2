/** Optimizers as graph code appended to the training graph: their state tensors and their update nodes. */
import type { OptimizerConfig, OptimizerKind, StateSpec } from '../types.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { adamState, emitAdam } from './adam.js';
import type { OptimizedParam, StepInputs } from './common.js';
import { emitMomentum, momentumState } from './momentum.js';
import { emitSgd } from './sgd.js';

export type { OptimizedParam, StepInputs } from './common.js';
export { updatedNameOf } from './common.js';

/** PyTorch's defaults: momentum 0.9, Adam (0.9, 0.999, 1e-8), no weight decay. */
export const OPTIMIZER_DEFAULTS: Readonly<Omit<OptimizerConfig, 'kind'>> = { momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };

/** The learning rate when none is given: the PyTorch tutorials' values, 0.001 for Adam and 0.01 otherwise. */
export function defaultLearningRate(kind: OptimizerKind): number {
  return kind === 'adam' ? 1e-3 : 0.01;
}

/** An optimizer of `kind` with OPTIMIZER_DEFAULTS where `overrides` leaves a value out (or undefined). */
export function optimizerConfig(kind: OptimizerKind, overrides: Partial<Omit<OptimizerConfig, 'kind'>> = {}): OptimizerConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { kind, ...OPTIMIZER_DEFAULTS, ...given };
}

/** An optimizer's kind and the coefficients its update reads: no momentum or Adam betas for plain SGD. */
export type OptimizerUse =
  | { kind: 'sgd'; weightDecay: number }
  | { kind: 'momentum'; momentum: number; weightDecay: number }
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number; weightDecay: number };

export function optimizerUse(config: OptimizerConfig): OptimizerUse {
  const { weightDecay } = config;
  switch (config.kind) {
    case 'sgd':
      return { kind: 'sgd', weightDecay };
    case 'momentum':
      return { kind: 'momentum', momentum: config.momentum, weightDecay };
    case 'adam':
      return { kind: 'adam', beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon, weightDecay };
  }
}

/** The optimizer state (training-model inputs and outputs) for `params`. */
export function optimizerState(config: OptimizerConfig, params: OptimizedParam[]): StateSpec[] {
  switch (config.kind) {
    case 'sgd':
      return [];
    case 'momentum':
      return momentumState(params);
    case 'adam':
      return adamState(params);
  }
}

/** Emits the update of every parameter (to `updatedName`) and of every state tensor (to its `updatedName`). */
export function emitOptimizer(b: GraphBuilder, config: OptimizerConfig, params: OptimizedParam[], io: StepInputs): void {
  switch (config.kind) {
    case 'sgd':
      return emitSgd(b, config, params, io);
    case 'momentum':
      return emitMomentum(b, config, params, io);
    case 'adam':
      return emitAdam(b, config, params, io);
  }
}
