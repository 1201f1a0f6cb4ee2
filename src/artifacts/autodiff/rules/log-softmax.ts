/**
 * LogSoftmax along one axis (opset >= 13 semantics; for older models the axis must be the last one):
 *   dX = dY - e^Y * sum(dY, axis, keepdims).
 */
import { reduce } from '../../../graph/ops.js';
import { axisRule } from '../input-zero-rule.js';

export const logSoftmaxRule = axisRule('LogSoftmax', (ctx, dY, y, axis) => {
  const b = ctx.b;
  const total = reduce(b, 'ReduceSum', dY, [axis], true, ctx.name('total'));
  const softmax = b.op('Exp', [y], {}, ctx.name('softmax'));
  return b.op('Sub', [dY, b.op('Mul', [softmax, total], {}, ctx.name('spread'))], {}, ctx.name('dX'));
});
