/**
 * Softmax along one axis (opset >= 13 semantics; for older models the axis must be the last one):
 *   dX = Y * (dY - sum(dY * Y, axis, keepdims)).
 */
import { reduce } from '../../../graph/ops.js';
import { axisRule } from '../input-zero-rule.js';

export const softmaxRule = axisRule('Softmax', (ctx, dY, y, axis) => {
  const b = ctx.b;
  const dot = reduce(b, 'ReduceSum', b.op('Mul', [dY, y], {}, ctx.name('dYY')), [axis], true, ctx.name('dot'));
  const centered = b.op('Sub', [dY, dot], {}, ctx.name('centered'));
  return b.op('Mul', [y, centered], {}, ctx.name('dX'));
});
