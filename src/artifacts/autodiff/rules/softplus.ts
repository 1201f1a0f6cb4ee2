/** Softplus: Y = ln(1 + e^X). dX = dY * sigmoid(X). */
import type { GradRule } from '../rule.js';

export const softplusRule: GradRule = {
  opTypes: ['Softplus'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const slope = ctx.b.op('Sigmoid', [ctx.node.inputs[0]!], {}, ctx.name('slope'));
    ctx.addGrad(0, ctx.b.op('Mul', [dY, slope], {}, ctx.name('dX')));
  },
};
