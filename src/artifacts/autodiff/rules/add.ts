/** Add: Y = A + B (broadcasting). dA = dY summed to A's shape, dB = dY summed to B's shape. */
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

export const addRule: GradRule = {
  opTypes: ['Add'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const yShape = ctx.shape(ctx.node.outputs[0]!);
    ctx.node.inputs.forEach((operand, i) => {
      if (ctx.needsGrad(i)) ctx.addGrad(i, sumToShape(ctx.b, dY, yShape, ctx.shape(operand), operand, ctx.name(`d${i}`)));
    });
  },
};
