/**
 * A group-1 convolution of the training graph as matrix products over the whole batch. onnxruntime's Conv
 * multiplies image by image ([M, C*K] x [C*K, H*W]), a thin product when the feature maps are small (8x8 down to
 * 1x1 for 32x32 inputs), and cannot use its blocked layout when the weights are graph inputs. Here, in channels-last
 * layout (every position is a block of C contiguous floats), the output rows are grouped by the kernel positions
 * that reach inside the input (conv-patches.ts), and each group g is one Gather and one Gemm:
 *
 *   X [N, C, S...] -> X' [N, S, C]; P_g = Gather of its rows' sources      [N, R_g*T_g, C] -> [N*R_g, T_g*C]
 *   W' = W [M, C, K] -> [M, K, C], its taps' columns [M, T_g*C]
 *   Y_g = Gemm(P_g, W'^T) [N*R_g, M]; the groups concatenated and put back in row order -> Y [N, M, O...]
 * Backward, with dY' = dY as [N, O, M]:
 *   dW' = sum over groups of dY'_g^T P_g (Gemm transA), added into the K taps; dB = column sums of dY';
 *   dX: the same construction over input positions, reading dY' where an output position reads the input
 *   (any stride), with W's rows (t, m) as [T*M, C].
 */
import { intAttr, readInt } from '../../graph/attrs.js';
import { windowGeometry, type WindowGeometry } from '../../graph/conv-geometry.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { reduce, reshape, transpose } from '../../graph/ops.js';
import type { Dim, Node } from '../../onnx/types.js';
import { elementCount } from '../../util/element-count.js';
import { forwardSource, gatheredPerSample, inputGradSource, range, staticDims, tapPlan, type TapPlan } from './conv-patches.js';
import { addIntoTaps, assemble, channelsFirst, channelsLast, gatherRows, groupRowsOf, source } from './tap-graph.js';
import type { BackwardContext, LowerContext } from './rule.js';

/** Largest gathered matrix per sample (floats) a lowered convolution keeps: 4 MiB, 512 MiB at batch 128. */
export const PATCH_LIMIT = 2 ** 20;

/**
 * Which convolutions are lowered: those with at least MIN_CHANNELS input channels (each window position is then a
 * block copy worth gathering) and at most MAX_POSITIONS output positions per image (onnxruntime's own image-by-image
 * products are thin there). Measured on resnet18, mobilenet_v2 and LeNet-5 at batch 128: lowering LeNet's 24x24 or
 * 1-channel convolutions made its step slower, lowering resnet18's 8x8 maps made it faster.
 */
const MIN_CHANNELS = 16;
const MAX_POSITIONS = 64;

export interface GemmConv {
  g: WindowGeometry;
  spatial: number[];
  outSpatial: number[];
  /** Output channels M, input channels C, kernel positions K. */
  m: number;
  c: number;
  k: number;
  kernel: number[];
  /** Rows of the forward product (output positions) and of dX's (input positions), grouped by taps. */
  forward: TapPlan;
  inputGrad: TapPlan;
}

/** The plan of a Conv node that is computed as Gemms, or undefined when it stays a Conv (groups, large maps). */
export function gemmConvPlan(node: Node, shape: (name: string) => Dim[]): GemmConv | undefined {
  if (readInt(node, 'group', 1) !== 1) return undefined;
  const w = staticDims(shape(node.inputs[1]!));
  const spatial = staticDims(shape(node.inputs[0]!).slice(2));
  const outSpatial = staticDims(shape(node.outputs[0]!).slice(2));
  if (w === undefined || spatial === undefined || outSpatial === undefined || spatial.length === 0) return undefined;
  const [m, c] = w as [number, number];
  const kernel = w.slice(2);
  if (c < MIN_CHANNELS || elementCount(outSpatial) > MAX_POSITIONS) return undefined;
  if (elementCount([...kernel, ...outSpatial]) * c > PATCH_LIMIT) return undefined;
  const g = windowGeometry(node, spatial, kernel);
  const forward = tapPlan(outSpatial, kernel, elementCount(spatial), forwardSource(g, spatial));
  const inputGrad = tapPlan(spatial, kernel, elementCount(outSpatial), inputGradSource(g, outSpatial));
  if (gatheredPerSample(forward, c) > PATCH_LIMIT || gatheredPerSample(inputGrad, m) > PATCH_LIMIT) return undefined;
  return { g, spatial, outSpatial, m, c, k: elementCount(kernel), kernel, forward, inputGrad };
}

/** Columns (t, c) of `weight` [M, K*C] for the group's taps: [M, T*C]. */
function tapColumns(b: GraphBuilder, weight: string, taps: readonly number[], p: GemmConv, name: string): string {
  if (taps.length === p.k) return weight;
  const picked = b.op('Gather', [reshape(b, weight, [p.m, p.k, p.c], `${name}.mkc`), b.constInt64(taps)], { axis: intAttr(1) }, name);
  return reshape(b, picked, [p.m, taps.length * p.c], `${name}.cols`);
}

/**
 * W [M, C, k...] as [M, K*C], columns (k, c) like the gathered rows'. One 2-D transpose of W as [M*C, K] to
 * [K, M*C], then a Gather of whole rows [K*M, C] -> [M*K, C]: onnxruntime is much faster this way than with the 3-D
 * Transpose [M, C, K] -> [M, K, C]. A weight the training model holds channels-last (`channelsLastWeights`) is
 * [M, K*C] already.
 */
function kernelMajorWeight(b: GraphBuilder, w: string, p: GemmConv, name: string): string {
  if (p.k === 1) return reshape(b, w, [p.m, p.c], name);
  const kmc = transpose(b, reshape(b, w, [p.m * p.c, p.k], `${name}.flat`), [1, 0], `${name}.kmc`);
  const order = Array.from({ length: p.m * p.k }, (_, r) => (r % p.k) * p.m + Math.floor(r / p.k));
  const rows = b.op('Gather', [reshape(b, kmc, [p.k * p.m, p.c], `${name}.kmRows`), b.constInt64(order)], { axis: intAttr(0) }, `${name}.mkc`);
  return reshape(b, rows, [p.m, p.k * p.c], name);
}

export function lowerGemmConv(ctx: LowerContext, p: GemmConv): void {
  const { b, node } = ctx;
  const rank = p.spatial.length;
  const [x, w, bias] = node.inputs as [string, string, string | undefined];
  const xLast = transpose(b, x, channelsLast(rank), ctx.name('channelsLast'));
  const src = source(b, reshape(b, xLast, [0, elementCount(p.spatial), p.c], ctx.name('flat')), p.forward, ctx.name('x'));
  const weight = ctx.layout(w) !== undefined ? reshape(b, w, [p.m, p.k * p.c], ctx.name('weight')) : kernelMajorWeight(b, w, p, ctx.name('weight'));
  const sourceSize = elementCount(p.spatial);
  const direct = bias !== undefined && p.forward.groups.length === 1;
  const products = p.forward.groups.map((group, i) => {
    if (group.taps.length === 0) return undefined;
    const rows = gatherRows(b, src, group, sourceSize, p.c, ctx.name(`im2col${i}`));
    ctx.save(`rows${i}`, rows);
    const w_ = tapColumns(b, weight, group.taps, p, ctx.name(`weight${i}`));
    return b.op('Gemm', direct ? [rows, w_, bias] : [rows, w_], { transB: intAttr(1) }, ctx.name(`gemm${i}`));
  });
  let y = assemble(b, products, p.forward, elementCount(p.outSpatial), p.m, ctx.name('y'));
  if (bias !== undefined && !direct) y = b.op('Add', [y, bias], {}, ctx.name('bias'));
  const yLast = reshape(b, y, [-1, ...p.outSpatial, p.m], ctx.name('y.unflat'));
  b.node('Transpose', [yLast], { perm: { type: 'ints', value: channelsFirst(rank) } }, { name: node.name, outputs: [node.outputs[0]!] });
  ctx.save('weight', weight);
}

export function gemmConvBackward(ctx: BackwardContext, p: GemmConv, dY: string): void {
  const b = ctx.b;
  const rank = p.spatial.length;
  const positions = elementCount(p.outSpatial);
  const dyLast = transpose(b, dY, channelsLast(rank), ctx.name('dY.channelsLast'));
  const dyFlat = reshape(b, dyLast, [0, positions, p.m], ctx.name('dY.flat'));
  if (ctx.node.inputs[2] && ctx.needsGrad(2)) ctx.addGrad(2, reduce(b, 'ReduceSum', reshape(b, dyLast, [-1, p.m], ctx.name('dY.rows')), [0], false, ctx.name('dB')));
  if (ctx.needsGrad(1)) ctx.addGrad(1, weightGradient(ctx, p, dyFlat));
  if (ctx.needsGrad(0)) ctx.addGrad(0, inputGradient(ctx, p, dyFlat));
}

/**
 * dW [M, C, k...] (or [M, k..., C] held channels-last): per group dY_g^T P_g [M, T_g*C]; several groups' results,
 * concatenated over their taps [M, sum T_g, C], are added into the K taps by one MatMul with a 0/1 matrix [K, sum T_g].
 */
function weightGradient(ctx: BackwardContext, p: GemmConv, dyFlat: string): string {
  const b = ctx.b;
  const positions = elementCount(p.outSpatial);
  const parts: string[] = [];
  const taps: number[] = [];
  p.forward.groups.forEach((group, i) => {
    if (group.taps.length === 0) return;
    const dy = groupRowsOf(b, dyFlat, group, positions, p.m, ctx.name(`dY${i}`));
    const dw = b.op('Gemm', [dy, ctx.saved(`rows${i}`)], { transA: intAttr(1) }, ctx.name(`dW${i}.gemm`));
    parts.push(reshape(b, dw, [p.m, group.taps.length, p.c], ctx.name(`dW${i}.mtc`)));
    taps.push(...group.taps);
  });
  const mkc = addIntoTaps(b, parts, taps, p.k, 1, ctx.name('dW'));
  if (ctx.layout(ctx.node.inputs[1]!) !== undefined) return reshape(b, mkc, [p.m, ...p.kernel, p.c], ctx.name('dW'));
  if (p.k === 1) return reshape(b, mkc, [p.m, p.c, ...p.kernel], ctx.name('dW'));
  // [M, K, C] -> [K, M, C] (blocks of C floats) -> 2-D [K, M*C] -> [M*C, K]: much faster in onnxruntime than
  // the 3-D Transpose [0, 2, 1].
  const kmc = transpose(b, mkc, [1, 0, 2], ctx.name('dW.kmc'));
  const mck = transpose(b, reshape(b, kmc, [p.k, p.m * p.c], ctx.name('dW.kmcFlat')), [1, 0], ctx.name('dW.mck'));
  return reshape(b, mck, [p.m, p.c, ...p.kernel], ctx.name('dW'));
}

/** dX [N, C, S...]: per group of input positions, the dY rows that read them times W's taps as [T*M, C]. */
function inputGradient(ctx: BackwardContext, p: GemmConv, dyFlat: string): string {
  const b = ctx.b;
  const rank = p.spatial.length;
  const weightRows = reshape(b, ctx.saved('weight'), [p.m * p.k, p.c], ctx.name('dX.weight.mk'));
  const src = source(b, dyFlat, p.inputGrad, ctx.name('dX.dY'));
  const products = p.inputGrad.groups.map((group, i) => {
    if (group.taps.length === 0) return undefined;
    const rows = gatherRows(b, src, group, elementCount(p.outSpatial), p.m, ctx.name(`dX${i}.im2col`));
    // Rows (t, m) of W as [M*K, C], rows (m, k).
    const order = group.taps.flatMap((t) => range(0, p.m).map((m) => m * p.k + t));
    const weight = p.k === 1 ? weightRows : b.op('Gather', [weightRows, b.constInt64(order)], { axis: intAttr(0) }, ctx.name(`dX${i}.weight`));
    return b.op('Gemm', [rows, weight], {}, ctx.name(`dX${i}.gemm`));
  });
  const dx = assemble(b, products, p.inputGrad, elementCount(p.spatial), p.c, ctx.name('dX.rows'));
  const dxLast = reshape(b, dx, [-1, ...p.spatial, p.c], ctx.name('dX.unflat'));
  return transpose(b, dxLast, channelsFirst(rank), ctx.name('dX'));
}

/**
 * Parameters the training model holds channels-last ([M, k..., C], permutation [0, 2, ..., 1] of the model's
 * [M, C, k...]): the weights of lowered convolutions that nothing else reads. Their forward weight is then a
 * reshape and their gradient comes out in that layout, so no step transposes them.
 */
export function channelsLastWeights(nodes: readonly Node[], params: ReadonlySet<string>, shape: (node: Node) => (name: string) => Dim[]): Map<string, number[]> {
  const layouts = new Map<string, number[]>();
  const excluded = new Set<string>();
  for (const node of nodes) {
    node.inputs.forEach((name, i) => {
      if (!params.has(name)) return;
      const lowered = node.opType === 'Conv' && i === 1 && node.inputs[0] !== name && gemmConvPlan(node, shape(node)) !== undefined;
      if (!lowered) excluded.add(name);
      else {
        const rank = shape(node)(name).length;
        layouts.set(name, [0, ...range(2, rank - 2), 1]);
      }
    });
  }
  for (const name of excluded) layouts.delete(name);
  return layouts;
}
