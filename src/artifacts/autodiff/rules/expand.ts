/** Expand: Y = X broadcast to a shape. dX = dY summed over the broadcast axes back to X's shape. */
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

export const expandRule: GradRule = {
  opTypes: ['Expand'],
  differentiableInputs: () => [0],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const x = ctx.node.inputs[0]!;
    ctx.addGrad(0, sumToShape(ctx.b, dY, ctx.shape(ctx.node.outputs[0]!), ctx.shape(x), x, ctx.name('dX')));
  },
};
