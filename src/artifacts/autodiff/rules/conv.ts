/**
 * Conv: Y = conv(X, W) + B with groups, strides, pads, dilations (any spatial rank).
 *   dB = sum of dY over batch and spatial axes.
 *   dX = ConvTranspose(dY, W) with the forward strides/pads/dilations/group (W [M, C/g, k...] is exactly the
 *        transposed convolution's [in, out/g, k...] weight); output_padding restores the input size.
 *   dW[m, c, i] = sum_{n, o} dY[n, m, o] * X[n, c, o*s + i*d - p]: a convolution of the input, laid out with
 *        the channels of one group as the batch ([C/g, g*N, H...]), with dY laid out as weights ([M, N, Ho...]),
 *        group g, the roles of strides and dilations exchanged, the forward begin pads, and only as much end
 *        padding as the kernel positions need; the result [C/g, M, k'...] is cut to k and transposed to W's layout.
 */
import { intAttr, intsAttr, readInt } from '../../../graph/attrs.js';
import { dilatedExtent, windowGeometry, type WindowGeometry } from '../../../graph/conv-geometry.js';
import { reduce, reshape, transpose } from '../../../graph/ops.js';
import type { GraphBuilder } from '../../../graph/builder.js';
import type { BackwardContext, GradRule } from '../rule.js';
import { transposedWindow } from '../window-grad.js';

export const convRule: GradRule = {
  opTypes: ['Conv'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const [x, w] = ctx.node.inputs as [string, string];
    const wDims = ctx.staticDims(w, 'Conv weight');
    const spatial = ctx.staticDims(x, 'Conv input', 2);
    const outSpatial = ctx.staticDims(ctx.node.outputs[0]!, 'Conv output', 2);
    const group = readInt(ctx.node, 'group', 1);
    const g = windowGeometry(ctx.node, spatial, wDims.slice(2));
    const rank = spatial.length;
    const spatialAxes = Array.from({ length: rank }, (_, i) => i + 2);

    if (ctx.node.inputs[2] && ctx.needsGrad(2)) {
      ctx.addGrad(2, reduce(ctx.b, 'ReduceSum', dY, [0, ...spatialAxes], false, ctx.name('dB')));
    }
    if (ctx.needsGrad(0)) {
      ctx.addGrad(0, transposedWindow(ctx.b, dY, w, g, spatial, outSpatial, group, ctx.name('dX')));
    }
    if (ctx.needsGrad(1)) {
      ctx.addGrad(1, weightGradient(ctx, x, dY, g, spatial, outSpatial, wDims, group));
    }
  },
};

function weightGradient(
  ctx: BackwardContext,
  x: string,
  dY: string,
  g: WindowGeometry,
  spatial: number[],
  outSpatial: number[],
  wDims: number[],
  group: number,
): string {
  const b = ctx.b;
  const rank = spatial.length;
  const channels = wDims[1]! * group;
  const swapBatch = [1, 0, ...Array.from({ length: rank }, (_, i) => i + 2)];
  const xT = groupMajorInput(b, x, channels, group, spatial, ctx.name('dW.input'));
  const dyT = transpose(b, dY, swapBatch, ctx.name('dW.dY'));
  const kernel = wDims.slice(2);
  const beginPads = g.pads.slice(0, rank);
  const endPads: number[] = [];
  const produced: number[] = [];
  for (let i = 0; i < rank; i++) {
    // Kernel position i needs input up to (Ho-1)*s + (k-1)*d; pad the end only that far.
    const reach = (outSpatial[i]! - 1) * g.strides[i]! + dilatedExtent(kernel[i]!, g.dilations[i]!);
    const end = Math.max(0, reach - spatial[i]! - beginPads[i]!);
    endPads.push(end);
    produced.push(Math.floor((spatial[i]! + beginPads[i]! + end - ((outSpatial[i]! - 1) * g.strides[i]! + 1)) / g.dilations[i]!) + 1);
  }
  let dW = b.op(
    'Conv',
    [xT, dyT],
    {
      strides: intsAttr(g.dilations),
      dilations: intsAttr(g.strides),
      pads: intsAttr([...beginPads, ...endPads]),
      group: intAttr(group),
      kernel_shape: intsAttr(outSpatial),
    },
    ctx.name('dW.conv'),
  );
  if (produced.some((p, i) => p !== kernel[i])) {
    const axes = Array.from({ length: rank }, (_, i) => i + 2);
    dW = b.op('Slice', [dW, b.constInt64(new Array(rank).fill(0)), b.constInt64(kernel), b.constInt64(axes)], {}, ctx.name('dW.crop'));
  }
  return transpose(b, dW, swapBatch, ctx.name('dW'));
}

/** X [N, C, S...] -> [C/g, g*N, S...] where channel j of the result's group k is X[n = j - k*N, k*C/g + c]. */
function groupMajorInput(b: GraphBuilder, x: string, channels: number, group: number, spatial: number[], name: string): string {
  const rank = spatial.length;
  const rest = Array.from({ length: rank }, (_, i) => i + 2);
  if (group === 1) return transpose(b, x, [1, 0, ...rest], name);
  const split = reshape(b, x, [0, group, channels / group, ...spatial], `${name}.split`);
  const moved = transpose(b, split, [2, 1, 0, ...rest.map((a) => a + 1)], `${name}.transpose`);
  return reshape(b, moved, [channels / group, -1, ...spatial], name);
}
