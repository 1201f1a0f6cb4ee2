/**
 * ReduceSum / ReduceMean over any axes, with or without keepdims; axes as an attribute (ReduceSum before opset 13,
 * ReduceMean before 18) or as a constant input. No axes: all axes, or the identity with noop_with_empty_axes.
 *   dX = dY (reduced axes put back as size 1 when keepdims = 0) broadcast to X's shape, divided by the number of
 *   reduced elements for ReduceMean.
 */
import { DataType } from '../../../onnx/types.js';
import { intAttr, readInt } from '../../../graph/attrs.js';
import { unsqueeze } from '../../../graph/ops.js';
import { dimProduct } from '../../../graph/shapes.js';
import { inputZeroRule } from '../input-zero-rule.js';
import { normalizeAxis, staticInts } from '../static-ints.js';

export const reduceRule = inputZeroRule(['ReduceSum', 'ReduceMean'], (ctx, dY) => {
  const { b, node } = ctx;
  const x = node.inputs[0]!;
  const xShape = ctx.shape(x);
  const given = staticInts(ctx, node, 1, 'axes') ?? [];
  if (given.length === 0 && readInt(node, 'noop_with_empty_axes', 0) === 1) return dY;
  const axes = given.length === 0 ? xShape.map((_, i) => i) : [...new Set(given.map((a) => normalizeAxis(a, xShape.length)))].sort((p, q) => p - q);
  const kept = readInt(node, 'keepdims', 1) === 1 ? dY : unsqueeze(b, dY, axes, ctx.name('keepdims'));
  let dX = b.op('Expand', [kept, b.op('Shape', [x], {}, ctx.name('xShape'))], {}, ctx.name(node.opType === 'ReduceSum' ? 'dX' : 'expand'));
  if (node.opType === 'ReduceMean') {
    const count = dimProduct(axes.map((a) => xShape[a]!));
    let divisor: string;
    if (count !== null) divisor = b.scalarFloat(count);
    else {
      const size = (t: string, what: string): string =>
        b.op('Cast', [b.op('Size', [t], {}, ctx.name(`${what}.size`))], { to: intAttr(DataType.FLOAT) }, ctx.name(`${what}.sizeFloat`));
      divisor = b.op('Div', [size(x, 'x'), size(node.outputs[0]!, 'y')], {}, ctx.name('count'));
    }
    dX = b.op('Div', [dX, divisor], {}, ctx.name('dX'));
  }
  return dX;
});
