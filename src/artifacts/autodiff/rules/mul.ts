/**
 * Mul: Y = A * B (broadcasting). dA = (dY * B) summed to A's shape, dB = (dY * A) summed to B's shape.
 * Mul(x, Sigmoid(x)) (SiLU) needs nothing more: x's two gradient paths are added by the engine.
 */
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

export const mulRule: GradRule = {
  opTypes: ['Mul'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const [a, b] = ctx.node.inputs as [string, string];
    const yShape = ctx.shape(ctx.node.outputs[0]!);
    if (ctx.needsGrad(0)) {
      const prod = ctx.b.op('Mul', [dY, b], {}, ctx.name('dA.mul'));
      ctx.addGrad(0, sumToShape(ctx.b, prod, yShape, ctx.shape(a), a, ctx.name('dA')));
    }
    if (ctx.needsGrad(1)) {
      const prod = ctx.b.op('Mul', [dY, a], {}, ctx.name('dB.mul'));
      ctx.addGrad(1, sumToShape(ctx.b, prod, yShape, ctx.shape(b), b, ctx.name('dB')));
    }
  },
};
