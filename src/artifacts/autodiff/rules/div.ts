/** Div: Y = A / B (broadcasting). dA = (dY / B) summed to A's shape, dB = -(dY * Y / B) summed to B's shape. */
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

export const divRule: GradRule = {
  opTypes: ['Div'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const [a, b] = ctx.node.inputs as [string, string];
    const y = ctx.node.outputs[0]!;
    const yShape = ctx.shape(y);
    if (ctx.needsGrad(0)) {
      const q = ctx.b.op('Div', [dY, b], {}, ctx.name('dA.div'));
      ctx.addGrad(0, sumToShape(ctx.b, q, yShape, ctx.shape(a), a, ctx.name('dA')));
    }
    if (ctx.needsGrad(1)) {
      const q = ctx.b.op('Div', [ctx.b.op('Mul', [dY, y], {}, ctx.name('dB.mul')), b], {}, ctx.name('dB.div'));
      const summed = sumToShape(ctx.b, q, yShape, ctx.shape(b), b, ctx.name('dB.sum'));
      ctx.addGrad(1, ctx.b.op('Neg', [summed], {}, ctx.name('dB')));
    }
  },
};
