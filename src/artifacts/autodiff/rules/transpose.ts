/** Transpose: Y = X permuted by perm (default: axes reversed). dX = dY permuted by the inverse of perm. */
import { readInts } from '../../../graph/attrs.js';
import { transpose } from '../../../graph/ops.js';
import { inversePermutation } from '../../../util/permutation.js';
import type { GradRule } from '../rule.js';

export const transposeRule: GradRule = {
  opTypes: ['Transpose'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const rank = ctx.shape(ctx.node.inputs[0]!).length;
    const perm = readInts(ctx.node, 'perm', Array.from({ length: rank }, (_, i) => rank - 1 - i));
    ctx.addGrad(0, transpose(ctx.b, dY, inversePermutation(perm), ctx.name('dX')));
  },
};
