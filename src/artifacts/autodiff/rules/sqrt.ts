/** Sqrt: Y = X^(1/2). dX = dY / (2 Y). */
import type { GradRule } from '../rule.js';

export const sqrtRule: GradRule = {
  opTypes: ['Sqrt'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b } = ctx;
    const twoY = b.op('Mul', [ctx.node.outputs[0]!, b.scalarFloat(2)], {}, ctx.name('twoY'));
    ctx.addGrad(0, b.op('Div', [dY, twoY], {}, ctx.name('dX')));
  },
};
