/**
 * Concat along `axis`: dY is split back into pieces of the inputs' sizes along that axis (sizes from the static
 * shapes, or read at run time when an input's size on the axis is symbolic).
 */
import { intAttr, readInt } from '../../../graph/attrs.js';
import type { GradRule } from '../rule.js';
import { normalizeAxis } from '../static-ints.js';

export const concatRule: GradRule = {
  opTypes: ['Concat'],
  backward(ctx) {
    const dY = ctx.gradOut();
    const { b, node } = ctx;
    if (dY === undefined || !node.inputs.some((_, i) => ctx.needsGrad(i))) return;
    const rank = ctx.shape(node.inputs[0]!).length;
    const axis = normalizeAxis(readInt(node, 'axis', 0), rank);
    const dims = node.inputs.map((x) => ctx.shape(x)[axis]!);
    let sizes: string;
    if (dims.every((d): d is number => typeof d === 'number')) sizes = b.constInt64(dims);
    else {
      const pieces = node.inputs.map((x, i) =>
        b.op('Gather', [b.op('Shape', [x], {}, ctx.name(`shape${i}`)), b.constInt64([axis])], {}, ctx.name(`size${i}`)),
      );
      sizes = b.op('Concat', pieces, { axis: intAttr(0) }, ctx.name('sizes'));
    }
    const parts = b.node('Split', [dY, sizes], { axis: intAttr(axis) }, { name: ctx.name('split'), outputs: node.inputs.map((_, i) => ({ fresh: ctx.name(`dX${i}`) })) });
    parts.forEach((p, i) => ctx.addGrad(i, p));
  },
};
