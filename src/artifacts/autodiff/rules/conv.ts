/**
 * Conv: Y = conv(X, W) + B with groups, strides, pads, dilations (any spatial rank).
 * In the training graph a group-1 convolution on small feature maps is one Gemm over the batch, and so is its
 * backward (conv-gemm.ts, which says which); depthwise ones on the smallest maps are a Gather, Mul and ReduceSum
 * per tap group, forward and dW, dX, or both (conv-depthwise.ts). Other convolutions stay Conv nodes:
 *   dB = sum of dY over batch and spatial axes.
 *   dX: grouped (depthwise) with stride 1: a Conv of dY with W's channel roles exchanged and its kernel flipped,
 *       padded by d*(k-1) - p on each side; otherwise ConvTranspose(dY, W) with the forward geometry
 *       (W [M, C/g, k...] is exactly the transposed convolution's weight). Measured: the flipped Conv is faster for
 *       mobilenet_v2's depthwise convolutions, ConvTranspose for LeNet-5's 5x5 one.
 *   dW[m, c, i] = sum_{n, o} dY[n, m, o] * X[n, c, o*s + i*d - p]: a convolution of the input laid out with the
 *       channels of one group as the batch ([C/g, g*N, H...]) with dY laid out as weights ([M, N, Ho...]), group g,
 *       the roles of strides and dilations exchanged, the forward begin pads and only as much end padding as the
 *       kernel positions need; the result [C/g, M, k'...] is cut to k and transposed.
 */
import { intAttr, intsAttr, readInt } from '../../../graph/attrs.js';
import { dilatedExtent, windowGeometry, type WindowGeometry } from '../../../graph/conv-geometry.js';
import { reduce, reshape, transpose } from '../../../graph/ops.js';
import type { GraphBuilder } from '../../../graph/builder.js';
import type { BackwardContext, GradRule } from '../rule.js';
import { depthwiseDY, depthwiseInputGrad, depthwisePlan, depthwiseWeight, depthwiseWeightGrad, lowerDepthwise } from '../conv-depthwise.js';
import { gemmConvBackward, gemmConvPlan, lowerGemmConv } from '../conv-gemm.js';
import { transposedWindow } from '../window-grad.js';

interface ConvShape {
  g: WindowGeometry;
  spatial: number[];
  outSpatial: number[];
  wDims: number[];
  group: number;
}

export const convRule: GradRule = {
  opTypes: ['Conv'],
  lower(ctx) {
    const plan = ctx.mode === 'train' ? gemmConvPlan(ctx.node, ctx.shape) : undefined;
    const depthwise = ctx.mode === 'train' && plan === undefined ? depthwisePlan(ctx.node, ctx.shape) : undefined;
    if (plan !== undefined) lowerGemmConv(ctx, plan);
    else if (depthwise?.forward !== undefined) lowerDepthwise(ctx, depthwise, depthwise.forward);
    else ctx.b.copyNode(ctx.node);
  },
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const plan = gemmConvPlan(ctx.node, ctx.shape);
    if (plan !== undefined) return gemmConvBackward(ctx, plan, dY);
    const depthwise = depthwisePlan(ctx.node, ctx.shape);
    // dY channels-last, made only when a lowered depthwise part reads it, once for both.
    let dyFlat: string | undefined;
    const flatDY = () => (dyFlat ??= depthwiseDY(ctx, depthwise!, dY));
    const [x, w] = ctx.node.inputs as [string, string];
    const wDims = ctx.staticDims(w, 'Conv weight');
    const spatial = ctx.staticDims(x, 'Conv input', 2);
    const outSpatial = ctx.staticDims(ctx.node.outputs[0]!, 'Conv output', 2);
    const group = readInt(ctx.node, 'group', 1);
    const c: ConvShape = { g: windowGeometry(ctx.node, spatial, wDims.slice(2)), spatial, outSpatial, wDims, group };
    const spatialAxes = Array.from({ length: spatial.length }, (_, i) => i + 2);

    if (ctx.node.inputs[2] && ctx.needsGrad(2)) {
      ctx.addGrad(2, reduce(ctx.b, 'ReduceSum', dY, [0, ...spatialAxes], false, ctx.name('dB')));
    }
    if (ctx.needsGrad(0)) {
      const lowered = depthwise?.inputGrad;
      ctx.addGrad(0, lowered ? depthwiseInputGrad(ctx, depthwise!, lowered, flatDY(), depthwiseWeight(ctx, depthwise!)) : inputGradient(ctx, dY, w, c));
    }
    if (ctx.needsGrad(1)) {
      const lowered = depthwise?.forward;
      ctx.addGrad(1, lowered ? depthwiseWeightGrad(ctx, depthwise!, lowered, flatDY()) : convWeightGradient(ctx, x, dY, c));
    }
  },
};

function inputGradient(ctx: BackwardContext, dY: string, w: string, c: ConvShape): string {
  const { g, spatial, outSpatial, wDims, group } = c;
  const rank = spatial.length;
  const reach = g.kernel.map((k, i) => dilatedExtent(k, g.dilations[i]!) - 1);
  const pads = [...reach.map((r, i) => r - g.pads[i]!), ...reach.map((r, i) => r - g.pads[i + rank]!)];
  if (group === 1 || g.strides.some((s) => s !== 1) || pads.some((p) => p < 0)) {
    return transposedWindow(ctx.b, dY, w, g, spatial, outSpatial, group, ctx.name('dX'));
  }
  const b = ctx.b;
  const kernelAxes = Array.from({ length: rank }, (_, i) => i + 2);
  const [m, cg] = wDims as [number, number];
  let swapped: string;
  if (group === 1) swapped = transpose(b, w, [1, 0, ...kernelAxes], ctx.name('dX.weight'));
  else {
    const split = reshape(b, w, [group, m / group, cg, ...g.kernel], ctx.name('dX.weight.split'));
    const moved = transpose(b, split, [0, 2, 1, ...kernelAxes.map((a) => a + 1)], ctx.name('dX.weight.transpose'));
    swapped = reshape(b, moved, [cg * group, m / group, ...g.kernel], ctx.name('dX.weight'));
  }
  const flipAxes = kernelAxes.filter((_, i) => g.kernel[i]! > 1);
  const flipped =
    flipAxes.length === 0
      ? swapped
      : b.op(
          'Slice',
          [swapped, b.constInt64(flipAxes.map(() => -1)), b.constInt64(flipAxes.map((a) => -(wDims[a]! + 1))), b.constInt64(flipAxes), b.constInt64(flipAxes.map(() => -1))],
          {},
          ctx.name('dX.weight.flip'),
        );
  return b.op('Conv', [dY, flipped], { kernel_shape: intsAttr(g.kernel), dilations: intsAttr(g.dilations), pads: intsAttr(pads), group: intAttr(group) }, ctx.name('dX'));
}

function convWeightGradient(ctx: BackwardContext, x: string, dY: string, c: ConvShape): string {
  const { g, spatial, outSpatial, wDims, group } = c;
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
