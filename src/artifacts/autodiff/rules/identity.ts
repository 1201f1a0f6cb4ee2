/** Identity: dX = dY. */
import type { GradRule } from '../rule.js';

export const identityRule: GradRule = {
  opTypes: ['Identity'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY !== undefined && ctx.needsGrad(0)) ctx.addGrad(0, dY);
  },
};
