/**
 * SGD with momentum, PyTorch semantics (dampening 0, not Nesterov): v' = mu * v + g, w' = w - lr * v',
 * with g = grad + wd * w and v starting at 0 (so v' = g on the first step, as PyTorch's first step).
 */
import type { OptimizerConfig, StateSpec } from '../types.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { decayedGradient, emitAs, updatedNameOf, type OptimizedParam, type StepInputs } from './common.js';

export function momentumState(params: OptimizedParam[]): StateSpec[] {
  return params.map((p) => {
    const name = `momentum.${p.name}`;
    return { name, shape: [...p.shape], param: p.name, kind: 'momentum', updatedName: updatedNameOf(name), initial: 0 };
  });
}

export function emitMomentum(b: GraphBuilder, config: OptimizerConfig, params: OptimizedParam[], io: StepInputs): void {
  const mu = b.scalarFloat(config.momentum);
  for (const p of params) {
    const [state] = momentumState([p]) as [StateSpec];
    const g = decayedGradient(b, p, config.weightDecay);
    const kept = b.op('Mul', [state.name, mu], {}, `optim.${p.name}.keptVelocity`);
    emitAs(b, 'Add', [kept, g], state.updatedName, `optim.${p.name}.velocity`);
    const delta = b.op('Mul', [state.updatedName, io.lr], {}, `optim.${p.name}.delta`);
    emitAs(b, 'Sub', [p.name, delta], p.updatedName, `optim.${p.name}.update`);
  }
}
