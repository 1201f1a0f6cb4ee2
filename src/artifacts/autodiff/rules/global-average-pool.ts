/** GlobalAveragePool: Y[n, c] = mean of X[n, c, ...]. dX = dY / (spatial size), expanded to X's shape. */
import type { GradRule } from '../rule.js';

export const globalAveragePoolRule: GradRule = {
  opTypes: ['GlobalAveragePool'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const b = ctx.b;
    const x = ctx.node.inputs[0]!;
    const spatial = ctx.staticDims(x, 'GlobalAveragePool input', 2);
    const count = spatial.reduce((p, d) => p * d, 1);
    const scaled = b.op('Mul', [dY, b.scalarFloat(1 / count)], {}, ctx.name('scale'));
    const shape = b.op('Shape', [x], {}, ctx.name('shape'));
    ctx.addGrad(0, b.op('Expand', [scaled, shape], {}, ctx.name('dX')));
  },
};
