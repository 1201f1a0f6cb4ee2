/** Sub: Y = A - B (broadcasting). dA = dY summed to A's shape, dB = -dY summed to B's shape. */
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

export const subRule: GradRule = {
  opTypes: ['Sub'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const [a, b] = ctx.node.inputs as [string, string];
    const yShape = ctx.shape(ctx.node.outputs[0]!);
    if (ctx.needsGrad(0)) ctx.addGrad(0, sumToShape(ctx.b, dY, yShape, ctx.shape(a), a, ctx.name('dA')));
    if (ctx.needsGrad(1)) {
      const summed = sumToShape(ctx.b, dY, yShape, ctx.shape(b), b, ctx.name('dB.sum'));
      ctx.addGrad(1, ctx.b.op('Neg', [summed], {}, ctx.name('dB')));
    }
  },
};
