/** Squeeze / Unsqueeze only drop or add size-1 axes: dX = dY reshaped to X's run-time shape. */
import { reshapeLike } from '../../../graph/ops.js';
import type { GradRule } from '../rule.js';

export const squeezeRule: GradRule = {
  opTypes: ['Squeeze', 'Unsqueeze'],
  differentiableInputs: () => [0],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    ctx.addGrad(0, reshapeLike(ctx.b, dY, ctx.node.inputs[0]!, ctx.name('dX')));
  },
};
