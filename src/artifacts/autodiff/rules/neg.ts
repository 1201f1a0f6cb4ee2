/** Neg: Y = -X. dX = -dY. */
import type { GradRule } from '../rule.js';

export const negRule: GradRule = {
  opTypes: ['Neg'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    ctx.addGrad(0, ctx.b.op('Neg', [dY], {}, ctx.name('dX')));
  },
};
