/** Optimizers as graph code appended to the training graph: their state tensors and their update nodes. */
import type { OptimizerConfig, StateSpec } from '../types.js';
import type { GraphBuilder } from '../graph/builder.js';
import { adamState, emitAdam } from './adam.js';
import type { OptimizedParam, StepInputs } from './common.js';
import { emitMomentum, momentumState } from './momentum.js';
import { emitSgd } from './sgd.js';

export type { OptimizedParam, StepInputs } from './common.js';
export { updatedNameOf } from './common.js';

/** PyTorch's defaults: momentum 0.9, Adam (0.9, 0.999, 1e-8), no weight decay. */
export function optimizerConfig(kind: OptimizerConfig['kind'], overrides: Partial<Omit<OptimizerConfig, 'kind'>> = {}): OptimizerConfig {
  return { kind, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, ...overrides };
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
