/**
 * Split along `axis` (sizes as an input, an attribute, num_outputs or equal parts): dX = the outputs' gradients
 * concatenated along the axis, zeros for outputs nothing depends on.
 */
import { intAttr, readInt } from '../../../graph/attrs.js';
import { float32Tensor } from '../../../graph/tensors.js';
import type { GradRule } from '../rule.js';
import { normalizeAxis } from '../static-ints.js';

export const splitRule: GradRule = {
  opTypes: ['Split'],
  differentiableInputs: () => [0],
  backward(ctx) {
    if (!ctx.needsGrad(0)) return;
    const { b, node } = ctx;
    const grads = node.outputs.map((_, k) => ctx.gradOut(k));
    if (grads.every((g) => g === undefined)) return;
    const axis = normalizeAxis(readInt(node, 'axis', 0), ctx.shape(node.inputs[0]!).length);
    const zero = { type: 'tensor' as const, value: float32Tensor('zero', [1], [0]) };
    const pieces = node.outputs.map((out, k) =>
      grads[k] ?? b.op('ConstantOfShape', [b.op('Shape', [out], {}, ctx.name(`shape${k}`))], { value: zero }, ctx.name(`zeros${k}`)),
    );
    ctx.addGrad(0, b.op('Concat', pieces, { axis: intAttr(axis) }, ctx.name('dX')));
  },
};
