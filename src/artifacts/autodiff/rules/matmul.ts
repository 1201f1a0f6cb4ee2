/**
 * MatMul (numpy semantics, batch dims broadcast): Y = A B.
 *   dA = dY B^T summed to A's shape, dB = A^T dY summed to B's shape (^T swaps the last two axes).
 *   A 1-D A is treated as [1, K] and a 1-D B as [K, 1]: dY gets the missing axis back first.
 */
import type { Dim } from '../../../onnx/types.js';
import { reshape, reshapeLike, transpose, unsqueeze } from '../../../graph/ops.js';
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

export const matmulRule: GradRule = {
  opTypes: ['MatMul'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const b = ctx.b;
    const [a, m] = ctx.node.inputs as [string, string];
    const aShape = ctx.shape(a), mShape = ctx.shape(m);
    const a2Shape: Dim[] = aShape.length === 1 ? [1, aShape[0]!] : aShape;
    const m2Shape: Dim[] = mShape.length === 1 ? [mShape[0]!, 1] : mShape;
    const rank = Math.max(a2Shape.length, m2Shape.length);
    const a2 = aShape.length === 1 ? unsqueeze(b, a, [0], ctx.name('A2d')) : a;
    const m2 = mShape.length === 1 ? unsqueeze(b, m, [1], ctx.name('B2d')) : m;
    const missing: number[] = [];
    if (aShape.length === 1) missing.push(rank - 2);
    if (mShape.length === 1) missing.push(rank - 1);
    const dY2 = missing.length > 0 ? unsqueeze(b, dY, missing, ctx.name('dY')) : dY;
    const yShape = ctx.shape(ctx.node.outputs[0]!);
    const y2Shape: Dim[] = [...yShape];
    for (const axis of missing) y2Shape.splice(axis, 0, 1);

    const backTo = (grad: string, gradShape: Dim[], shape2: Dim[], original: Dim[], operand: string, what: string): string => {
      const summed = sumToShape(b, grad, gradShape, shape2, operand, ctx.name(`${what}.sum`));
      if (original.length !== 1) return summed;
      return typeof original[0] === 'number' ? reshape(b, summed, [original[0]], ctx.name(what)) : reshapeLike(b, summed, operand, ctx.name(what));
    };
    if (ctx.needsGrad(0)) {
      const mT = transpose(b, m2, swapLastTwo(m2Shape.length), ctx.name('BT'));
      const grad = b.op('MatMul', [dY2, mT], {}, ctx.name('dA'));
      const gradShape = [...y2Shape.slice(0, -1), a2Shape[a2Shape.length - 1]!];
      ctx.addGrad(0, backTo(grad, gradShape, a2Shape, aShape, a, 'dA'));
    }
    if (ctx.needsGrad(1)) {
      const aT = transpose(b, a2, swapLastTwo(a2Shape.length), ctx.name('AT'));
      const grad = b.op('MatMul', [aT, dY2], {}, ctx.name('dB'));
      const gradShape = [...y2Shape.slice(0, -2), m2Shape[m2Shape.length - 2]!, y2Shape[y2Shape.length - 1]!];
      ctx.addGrad(1, backTo(grad, gradShape, m2Shape, mShape, m, 'dB'));
    }
  },
};
