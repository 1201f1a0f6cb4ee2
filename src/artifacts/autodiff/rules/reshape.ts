/** Reshape: dX = dY reshaped to X's run-time shape; the target shape input has no gradient. */
import { reshapeLike } from '../../../graph/ops.js';
import type { GradRule } from '../rule.js';

export const reshapeRule: GradRule = {
  opTypes: ['Reshape'],
  differentiableInputs: () => [0],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    ctx.addGrad(0, reshapeLike(ctx.b, dY, ctx.node.inputs[0]!, ctx.name('dX')));
  },
};
