/** Plain SGD: w' = w - lr * (g + wd * w). No state. */
import type { OptimizerConfig } from '../types.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { decayedGradient, emitAs, type OptimizedParam, type StepInputs } from './common.js';

export function emitSgd(b: GraphBuilder, config: OptimizerConfig, params: OptimizedParam[], io: StepInputs): void {
  for (const p of params) {
    const g = decayedGradient(b, p, config.weightDecay);
    const delta = b.op('Mul', [g, io.lr], {}, `optim.${p.name}.delta`);
    emitAs(b, 'Sub', [p.name, delta], p.updatedName, `optim.${p.name}.update`);
  }
}
