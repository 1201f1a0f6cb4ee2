/**
 * LogSoftmax along one axis (opset >= 13 semantics; for older models the axis must be the last one):
 *   dX = dY - e^Y * sum(dY, axis, keepdims).
 */
import { readInt } from '../../../graph/attrs.js';
import { reduce } from '../../../graph/ops.js';
import type { GradRule } from '../rule.js';
import { normalizeAxis } from '../static-ints.js';

export const logSoftmaxRule: GradRule = {
  opTypes: ['LogSoftmax'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b, node } = ctx;
    const y = node.outputs[0]!;
    const axis = normalizeAxis(readInt(node, 'axis', -1), ctx.shape(y).length);
    const total = reduce(b, 'ReduceSum', dY, [axis], true, ctx.name('total'));
    const softmax = b.op('Exp', [y], {}, ctx.name('softmax'));
    ctx.addGrad(0, b.op('Sub', [dY, b.op('Mul', [softmax, total], {}, ctx.name('spread'))], {}, ctx.name('dX')));
  },
};
