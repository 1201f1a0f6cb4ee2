/**
 * Softmax along one axis (opset >= 13 semantics; for older models the axis must be the last one):
 *   dX = Y * (dY - sum(dY * Y, axis, keepdims)).
 */
import { readInt } from '../../../graph/attrs.js';
import { reduce } from '../../../graph/ops.js';
import type { GradRule } from '../rule.js';
import { normalizeAxis } from '../static-ints.js';

export const softmaxRule: GradRule = {
  opTypes: ['Softmax'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b, node } = ctx;
    const y = node.outputs[0]!;
    const axis = normalizeAxis(readInt(node, 'axis', -1), ctx.shape(y).length);
    const dot = reduce(b, 'ReduceSum', b.op('Mul', [dY, y], {}, ctx.name('dYY')), [axis], true, ctx.name('dot'));
    const centered = b.op('Sub', [dY, dot], {}, ctx.name('centered'));
    ctx.addGrad(0, b.op('Mul', [y, centered], {}, ctx.name('dX')));
  },
};
