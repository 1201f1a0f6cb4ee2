/**
 * MaxPool: the gradient goes to the element each window took its maximum from.
 *
 * Non-overlapping windows (kernel == stride, no padding or dilation, input an exact multiple of the window; the
 * usual 2x2 pooling) use an equality mask with the plain forward MaxPool:
 *   up(t) = t repeated over its window (Resize, nearest, integer scales), mask = (X == up(Y)),
 *   count = number of window elements equal to the maximum (AveragePool(mask) * window size),
 *   dX = mask ? up(dY / count) : 0.
 * Exact ties share the gradient equally (deterministic; a valid subgradient). After a ReLU the only common ties
 * are windows of zeros, whose gradient the ReLU discards anyway.
 *
 * Other geometries ask MaxPool for its Indices output in the training-mode forward (flat positions in the whole
 * input tensor; onnxruntime keeps the first maximum of a window, so ties go to the first element) and scatter dY
 * into zeros at those positions, adding where overlapping windows chose the same element:
 *   dX = Reshape(ScatterElements(zeros[N*C*H*W], Flatten(Indices), Flatten(dY), reduction=add), shape(X)).
 */
import { DataType, type Dim, type Node } from '../../../onnx/types.js';
import { intAttr, intsAttr, readInt, readInts, readString } from '../../../graph/attrs.js';
import { reshape, reshapeLike } from '../../../graph/ops.js';
import { float32Tensor } from '../../../graph/tensors.js';
import type { BackwardContext, GradRule } from '../rule.js';

/** Window size when the pooling tiles the input exactly with non-overlapping 2-D windows; otherwise undefined. */
function tilingWindow(node: Node, xShape: readonly Dim[]): number[] | undefined {
  const kernel = readInts(node, 'kernel_shape', []);
  if (kernel.length !== 2 || xShape.length !== 4) return undefined;
  const strides = readInts(node, 'strides', [1, 1]);
  const pads = readInts(node, 'pads', [0, 0, 0, 0]);
  const dilations = readInts(node, 'dilations', [1, 1]);
  const autoPad = readString(node, 'auto_pad', 'NOTSET');
  const spatial = xShape.slice(2);
  const tiles =
    kernel.every((k, i) => k === strides[i] && dilations[i] === 1 && typeof spatial[i] === 'number' && (spatial[i] as number) % k === 0) &&
    pads.every((p) => p === 0) &&
    (autoPad === 'NOTSET' || autoPad === 'VALID') &&
    readInt(node, 'storage_order', 0) === 0;
  return tiles ? kernel : undefined;
}

function backwardByMask(ctx: BackwardContext, dY: string, kernel: number[]): string {
  const b = ctx.b;
  const [x] = ctx.node.inputs as [string];
  const y = ctx.node.outputs[0]!;
  const [kh, kw] = kernel as [number, number];
  const scales = b.constFloat([1, 1, kh, kw], [4], 'upsampleScales');
  const nearest = {
    mode: { type: 'string' as const, value: 'nearest' },
    coordinate_transformation_mode: { type: 'string' as const, value: 'asymmetric' },
    nearest_mode: { type: 'string' as const, value: 'floor' },
  };
  const up = (t: string, what: string): string => b.op('Resize', [t, '', scales], nearest, ctx.name(what));
  const mask = b.op('Equal', [x, up(y, 'maxUp')], {}, ctx.name('mask'));
  const maskFloat = b.op('Cast', [mask], { to: intAttr(DataType.FLOAT) }, ctx.name('maskFloat'));
  const share = b.op('AveragePool', [maskFloat], { kernel_shape: intsAttr(kernel), strides: intsAttr(kernel) }, ctx.name('share'));
  const count = b.op('Mul', [share, b.scalarFloat(kh * kw)], {}, ctx.name('count'));
  const perWinner = b.op('Div', [dY, count], {}, ctx.name('perWinner'));
  return b.op('Where', [mask, up(perWinner, 'gradUp'), b.scalarFloat(0)], {}, ctx.name('dX'));
}

function backwardByIndices(ctx: BackwardContext, dY: string): string {
  const b = ctx.b;
  const x = ctx.node.inputs[0]!;
  const count = reshape(b, b.op('Size', [x], {}, ctx.name('size')), [1], ctx.name('count'));
  const zero = { type: 'tensor' as const, value: float32Tensor('zero', [1], [0]) };
  const zeros = b.op('ConstantOfShape', [count], { value: zero }, ctx.name('zeros'));
  const flatIndices = reshape(b, ctx.saved('indices'), [-1], ctx.name('flatIndices'));
  const flatGrad = reshape(b, dY, [-1], ctx.name('flatGrad'));
  const scattered = b.op(
    'ScatterElements',
    [zeros, flatIndices, flatGrad],
    { axis: intAttr(0), reduction: { type: 'string', value: 'add' } },
    ctx.name('scatter'),
  );
  return reshapeLike(b, scattered, x, ctx.name('dX'));
}

export const maxPoolRule: GradRule = {
  opTypes: ['MaxPool'],
  lower(ctx) {
    const node = ctx.node;
    const [y, given] = node.outputs as [string, string | undefined];
    if (given) ctx.save('indices', given);
    if (ctx.mode === 'eval' || given || tilingWindow(node, ctx.shape(node.inputs[0]!))) {
      ctx.b.copyNode(node);
      return;
    }
    const [, indices] = ctx.b.node('MaxPool', node.inputs, node.attributes, { name: node.name, outputs: [y, { fresh: `${y}.indices` }] });
    ctx.save('indices', indices!);
  },
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const kernel = ctx.node.outputs[1] ? undefined : tilingWindow(ctx.node, ctx.shape(ctx.node.inputs[0]!));
    ctx.addGrad(0, kernel ? backwardByMask(ctx, dY, kernel) : backwardByIndices(ctx, dY));
  },
};
