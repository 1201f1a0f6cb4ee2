/** Relu: Y = max(X, 0). dX = dY where Y > 0, else 0 (0 at X = 0, as PyTorch). */
import type { GradRule } from '../rule.js';

export const reluRule: GradRule = {
  opTypes: ['Relu'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const b = ctx.b;
    const zero = b.scalarFloat(0);
    const positive = b.op('Greater', [ctx.node.outputs[0]!, zero], {}, ctx.name('mask'));
    ctx.addGrad(0, b.op('Where', [positive, dY, zero], {}, ctx.name('dX')));
  },
};
