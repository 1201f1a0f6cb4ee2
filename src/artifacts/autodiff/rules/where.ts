/**
 * Where(C, X, Y) with a condition that needs no gradient (a constant mask, or one computed from other tensors):
 * dX = dOut where C (summed to X's shape), dY = dOut where not C (summed to Y's shape).
 */
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

export const whereRule: GradRule = {
  opTypes: ['Where'],
  differentiableInputs: () => [1, 2],
  backward(ctx) {
    const dOut = ctx.gradOut();
    if (dOut === undefined) return;
    const { b, node } = ctx;
    const [c, x, y] = node.inputs as [string, string, string];
    const outShape = ctx.shape(node.outputs[0]!);
    const zero = b.scalarFloat(0);
    if (ctx.needsGrad(1)) {
      const kept = b.op('Where', [c, dOut, zero], {}, ctx.name('dX.where'));
      ctx.addGrad(1, sumToShape(b, kept, outShape, ctx.shape(x), x, ctx.name('dX')));
    }
    if (ctx.needsGrad(2)) {
      const kept = b.op('Where', [c, zero, dOut], {}, ctx.name('dY.where'));
      ctx.addGrad(2, sumToShape(b, kept, outShape, ctx.shape(y), y, ctx.name('dY')));
    }
  },
};
