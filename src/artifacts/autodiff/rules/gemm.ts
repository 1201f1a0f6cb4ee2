/**
 * Gemm: Y = alpha * A' B' + beta * C with A' = transA ? A^T : A, B' = transB ? B^T : B.
 *   dA' = alpha dY B'^T, so dA = transA ? alpha B' dY^T : alpha dY B'^T   (each one Gemm with chosen trans flags)
 *   dB' = alpha A'^T dY, so dB = transB ? alpha dY^T A' : alpha A'^T dY
 *   dC  = beta * dY summed to C's (broadcast) shape.
 */
import { floatAttr, intAttr, readFloat, readInt } from '../../../graph/attrs.js';
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

export const gemmRule: GradRule = {
  opTypes: ['Gemm'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const [a, bMat, c] = ctx.node.inputs as [string, string, string | undefined];
    const alpha = readFloat(ctx.node, 'alpha', 1);
    const beta = readFloat(ctx.node, 'beta', 1);
    const transA = readInt(ctx.node, 'transA', 0) === 1;
    const transB = readInt(ctx.node, 'transB', 0) === 1;
    const gemm = (x: string, y: string, tx: boolean, ty: boolean, what: string): string =>
      ctx.b.op('Gemm', [x, y], { alpha: floatAttr(alpha), transA: intAttr(tx ? 1 : 0), transB: intAttr(ty ? 1 : 0) }, ctx.name(what));

    if (ctx.needsGrad(0)) {
      ctx.addGrad(0, transA ? gemm(bMat, dY, transB, true, 'dA') : gemm(dY, bMat, false, !transB, 'dA'));
    }
    if (ctx.needsGrad(1)) {
      ctx.addGrad(1, transB ? gemm(dY, a, true, transA, 'dB') : gemm(a, dY, !transA, false, 'dB'));
    }
    if (c && ctx.needsGrad(2)) {
      const summed = sumToShape(ctx.b, dY, ctx.shape(ctx.node.outputs[0]!), ctx.shape(c), c, ctx.name('dC'));
      ctx.addGrad(2, beta === 1 ? summed : ctx.b.op('Mul', [summed, ctx.b.scalarFloat(beta)], {}, ctx.name('dC.scale')));
    }
  },
};
