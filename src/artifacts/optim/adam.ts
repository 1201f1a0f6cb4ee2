/**
 * Adam, PyTorch semantics (not AMSGrad; weight decay as L2 added to the gradient, not AdamW), t = step (1-based):
 *   g = grad + wd * w
 *   m' = beta1 * m + (1 - beta1) * g,   v' = beta2 * v + (1 - beta2) * g^2
 *   w' = w - (lr / (1 - beta1^t)) * m' / (sqrt(v') / sqrt(1 - beta2^t) + eps)      (eps outside the square root)
 */
import { DataType } from '../../onnx/types.js';
import type { OptimizerConfig, StateSpec } from '../types.js';
import { intAttr } from '../../graph/attrs.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { decayedGradient, emitAs, updatedNameOf, type OptimizedParam, type StepInputs } from './common.js';

export function adamState(params: OptimizedParam[]): StateSpec[] {
  return params.flatMap((p) =>
    (['adam_m', 'adam_v'] as const).map((kind): StateSpec => {
      const name = `${kind}.${p.name}`;
      return { name, shape: [...p.shape], param: p.name, kind, updatedName: updatedNameOf(name), initial: 0 };
    }),
  );
}

export function emitAdam(b: GraphBuilder, config: OptimizerConfig, params: OptimizedParam[], io: StepInputs): void {
  const { beta1, beta2, epsilon } = config;
  const t = b.op('Cast', [io.step], { to: intAttr(DataType.FLOAT) }, 'optim.adam.t');
  const one = b.scalarFloat(1);
  const correction1 = b.op('Sub', [one, b.op('Pow', [b.scalarFloat(beta1), t], {}, 'optim.adam.beta1t')], {}, 'optim.adam.correction1');
  const correction2 = b.op('Sub', [one, b.op('Pow', [b.scalarFloat(beta2), t], {}, 'optim.adam.beta2t')], {}, 'optim.adam.correction2');
  const stepSize = b.op('Div', [io.lr, correction1], {}, 'optim.adam.stepSize');
  const sqrtCorrection2 = b.op('Sqrt', [correction2], {}, 'optim.adam.sqrtCorrection2');
  for (const p of params) {
    const [m, v] = adamState([p]) as [StateSpec, StateSpec];
    const g = decayedGradient(b, p, config.weightDecay);
    const mKept = b.op('Mul', [m.name, b.scalarFloat(beta1)], {}, `optim.${p.name}.mKept`);
    const mAdded = b.op('Mul', [g, b.scalarFloat(1 - beta1)], {}, `optim.${p.name}.mAdded`);
    emitAs(b, 'Add', [mKept, mAdded], m.updatedName, `optim.${p.name}.m`);
    const g2 = b.op('Mul', [g, g], {}, `optim.${p.name}.gSquared`);
    const vKept = b.op('Mul', [v.name, b.scalarFloat(beta2)], {}, `optim.${p.name}.vKept`);
    const vAdded = b.op('Mul', [g2, b.scalarFloat(1 - beta2)], {}, `optim.${p.name}.vAdded`);
    emitAs(b, 'Add', [vKept, vAdded], v.updatedName, `optim.${p.name}.v`);
    const rms = b.op('Div', [b.op('Sqrt', [v.updatedName], {}, `optim.${p.name}.sqrtV`), sqrtCorrection2], {}, `optim.${p.name}.rms`);
    const denom = b.op('Add', [rms, b.scalarFloat(epsilon)], {}, `optim.${p.name}.denom`);
    const ratio = b.op('Div', [m.updatedName, denom], {}, `optim.${p.name}.ratio`);
    const delta = b.op('Mul', [ratio, stepSize], {}, `optim.${p.name}.delta`);
    emitAs(b, 'Sub', [p.name, delta], p.updatedName, `optim.${p.name}.update`);
  }
}
