/**
 * Gather along `axis` (embedding lookups, class-token indexing x[:, 0]): dData is dY scatter-added into zeros of
 * Data's shape. The gathered axis is moved to the front (Transpose), indices become ScatterND coordinates
 * (negative ones wrapped), ScatterND with reduction "add" (opset >= 16) accumulates repeated indices, and the
 * result is transposed back. Indices get no gradient.
 */
import { DataType } from '../../../onnx/types.js';
import { intAttr, readInt, stringAttr } from '../../../graph/attrs.js';
import { transpose, unsqueeze } from '../../../graph/ops.js';
import { inversePermutation } from '../../../util/permutation.js';
import { float32Tensor } from '../../../graph/tensors.js';
import type { GradRule } from '../rule.js';
import { normalizeAxis } from '../static-ints.js';

export const gatherRule: GradRule = {
  opTypes: ['Gather'],
  differentiableInputs: () => [0],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b, node } = ctx;
    const [data, indices] = node.inputs as [string, string];
    const rank = ctx.shape(data).length;
    const q = ctx.shape(indices).length;
    const axis = normalizeAxis(readInt(node, 'axis', 0), rank);
    const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
    // data^T: [d_axis, d_0..d_axis-1, d_axis+1..]; dY^T: [idx dims, d_0..d_axis-1, d_axis+1..].
    const dataPerm = [axis, ...range(0, axis), ...range(axis + 1, rank)];
    const gradPerm = [...range(axis, axis + q), ...range(0, axis), ...range(axis + q, rank - 1 + q)];
    const identity = (perm: number[]): boolean => perm.every((p, i) => p === i);

    const dataShape = b.op('Shape', [data], {}, ctx.name('dataShape'));
    const shapeT = identity(dataPerm) ? dataShape : b.op('Gather', [dataShape, b.constInt64(dataPerm)], {}, ctx.name('dataShapeT'));
    const zero = { type: 'tensor' as const, value: float32Tensor('zero', [1], [0]) };
    const zeros = b.op('ConstantOfShape', [shapeT], { value: zero }, ctx.name('zeros'));

    const idx64 = b.op('Cast', [indices], { to: intAttr(DataType.INT64) }, ctx.name('idx64'));
    const n = b.op('Gather', [dataShape, b.constInt64([axis], [])], {}, ctx.name('axisSize'));
    const negative = b.op('Less', [idx64, b.constInt64([0], [])], {}, ctx.name('negative'));
    const wrapped = b.op('Where', [negative, b.op('Add', [idx64, n], {}, ctx.name('idxPlusN')), idx64], {}, ctx.name('wrapped'));
    const coords = unsqueeze(b, wrapped, [q], ctx.name('coords'));

    const updates = identity(gradPerm) ? dY : transpose(b, dY, gradPerm, ctx.name('dYT'));
    const scattered = b.op('ScatterND', [zeros, coords, updates], { reduction: stringAttr('add') }, ctx.name('scatter'));
    ctx.addGrad(0, identity(dataPerm) ? scattered : transpose(b, scattered, inversePermutation(dataPerm), ctx.name('dData')));
  },
};
