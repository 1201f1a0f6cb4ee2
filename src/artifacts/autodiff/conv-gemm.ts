/**
 * A group-1 convolution of the training graph as one matrix product over the whole batch. onnxruntime's Conv
 * multiplies image by image ([M, C*K] x [C*K, H*W]), a thin product when the feature maps are small (8x8 down to
 * 1x1 for 32x32 inputs), and cannot use its blocked layout when the weights are graph inputs. Here, in channels-last
 * layout (every window position is a block of C contiguous floats):
 *
 *   X [N, C, S...] -> X' [N, S..., C], padded; P = Gather of the im2col positions     [N, O*K, C] -> [N*O, K*C]
 *   W' = W [M, C, K] -> [K, M, C] (a 2-D transpose) -> [M, K*C]
 *   Y' = Gemm(P, W'^T, B) [N*O, M] -> [N, O..., M] -> Y [N, M, O...]
 * Backward, with dY' = dY as [N*O, M]:
 *   dW' = dY'^T P (Gemm transA) [M, K*C], back to W's layout;  dB = column sums of dY';
 *   dX (stride 1): the same construction for the convolution of dY', padded by d*(k-1) - p, with the kernel
 *   flipped and its channel roles exchanged. Strided convolutions (or pads beyond the kernel's reach) take dX
 *   from ConvTranspose.
 */
import { intAttr, readInt } from '../../graph/attrs.js';
import { windowGeometry, type WindowGeometry } from '../../graph/conv-geometry.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { reduce, reshape, transpose } from '../../graph/ops.js';
import type { Dim, Node } from '../../onnx/types.js';
import { kernelOffset, patchesPerSample, spatialPads, windowEndPads } from './conv-patches.js';
import type { BackwardContext, LowerContext } from './rule.js';
import { transposedWindow } from './window-grad.js';

/** Largest im2col matrix per sample (floats) a lowered convolution keeps: 4 MiB, 512 MiB at batch 128. */
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
}

function numbers(dims: readonly Dim[]): number[] | undefined {
  return dims.every((d): d is number => typeof d === 'number') ? (dims as number[]) : undefined;
}

/** The plan of a Conv node that is computed as a Gemm, or undefined when it stays a Conv (groups, large maps). */
export function gemmConvPlan(node: Node, shape: (name: string) => Dim[]): GemmConv | undefined {
  if (readInt(node, 'group', 1) !== 1) return undefined;
  const w = numbers(shape(node.inputs[1]!));
  const spatial = numbers(shape(node.inputs[0]!).slice(2));
  const outSpatial = numbers(shape(node.outputs[0]!).slice(2));
  if (w === undefined || spatial === undefined || outSpatial === undefined || spatial.length === 0) return undefined;
  const kernel = w.slice(2);
  if (patchesPerSample(kernel, w[1]!, outSpatial) > PATCH_LIMIT) return undefined;
  if (w[1]! < MIN_CHANNELS || product(outSpatial) > MAX_POSITIONS) return undefined;
  return { g: windowGeometry(node, spatial, kernel), spatial, outSpatial, m: w[0]!, c: w[1]!, k: kernel.reduce((a, b) => a * b, 1), kernel };
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const product = (v: readonly number[]) => v.reduce((a, b) => a * b, 1);

/** [N, C, S...] -> [N, S..., C] and back. */
const channelsLast = (rank: number) => [0, ...range(2, rank), 1];
const channelsFirst = (rank: number) => [0, rank + 1, ...range(1, rank)];

/** Flat index, in the padded input, of output position o's window at kernel position k: rows (o, k) row-major. */
function im2colIndices(g: WindowGeometry, padded: readonly number[], outSpatial: readonly number[]): number[] {
  const rank = padded.length;
  const k = product(g.kernel);
  const offsets = range(0, k).map((p) => kernelOffset(g, p));
  const indices: number[] = [];
  const o = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < product(outSpatial); flat++) {
    for (let i = rank - 1, rest = flat; i >= 0; i--) {
      o[i] = rest % outSpatial[i]!;
      rest = Math.floor(rest / outSpatial[i]!);
    }
    for (const off of offsets) {
      let index = 0;
      for (let i = 0; i < rank; i++) index = index * padded[i]! + o[i]! * g.strides[i]! + off[i]!;
      indices.push(index);
    }
  }
  return indices;
}

/** im2col of a channels-last `x` [N, S..., C]: [N*O, K*C], rows (n, o), columns (k, c). */
function im2col(b: GraphBuilder, x: string, g: WindowGeometry, spatial: readonly number[], outSpatial: readonly number[], channels: number, name: string): string {
  const rank = spatial.length;
  const begin = g.pads.slice(0, rank);
  const end = windowEndPads(g, spatial, outSpatial);
  const padded = spatial.map((s, i) => s + begin[i]! + end[i]!);
  const source = [...begin, ...end].some((p) => p !== 0) ? b.op('Pad', [x, b.constInt64(spatialPads(rank + 2, 1, begin, end))], {}, `${name}.pad`) : x;
  const k = product(g.kernel);
  const identity = k === 1 && g.strides.every((s) => s === 1) && padded.every((p, i) => p === outSpatial[i]);
  if (identity) return reshape(b, source, [-1, channels], `${name}.rows`);
  const flat = reshape(b, source, [0, product(padded), channels], `${name}.flat`);
  const indices = im2colIndices(g, padded, outSpatial);
  const gathered = b.op('Gather', [flat, b.constInt64(indices)], { axis: intAttr(1) }, name);
  return reshape(b, gathered, [-1, k * channels], `${name}.rows`);
}

/**
 * W [M, C, k...] as [K, M, C] (for k > 1). One 2-D transpose of W as [M*C, K]: onnxruntime moves the small kernel
 * axis outwards much faster this way than with a 3-D Transpose [M, C, K] -> [M, K, C], and the result serves both
 * the forward weight (blocks of C floats moved) and dX's flipped kernel.
 */
function kernelOuterWeight(b: GraphBuilder, w: string, p: GemmConv, name: string): string {
  const kmc = transpose(b, reshape(b, w, [p.m * p.c, p.k], `${name}.flat`), [1, 0], `${name}.kmc`);
  return reshape(b, kmc, [p.k, p.m, p.c], `${name}.kmc3`);
}

/** W as [M, K*C], columns (k, c) like the im2col matrix's, from W [M, C, k...] or its [K, M, C] form. */
function kernelMajorWeight(b: GraphBuilder, w: string, kmc: string | undefined, p: GemmConv, name: string): string {
  if (kmc === undefined) return reshape(b, w, [p.m, p.c], name);
  // Rows (m, k) of kmc as [K*M, C], by a Gather of whole rows: faster than onnxruntime's Transpose [1, 0, 2].
  const order = Array.from({ length: p.m * p.k }, (_, r) => (r % p.k) * p.m + Math.floor(r / p.k));
  const rows = b.op('Gather', [reshape(b, kmc, [p.k * p.m, p.c], `${name}.kmRows`), b.constInt64(order)], { axis: intAttr(0) }, `${name}.mkc`);
  return reshape(b, rows, [p.m, p.k * p.c], name);
}

export function lowerGemmConv(ctx: LowerContext, p: GemmConv): void {
  const { b, node } = ctx;
  const rank = p.spatial.length;
  const [x, w, bias] = node.inputs as [string, string, string | undefined];
  const xLast = transpose(b, x, channelsLast(rank), ctx.name('channelsLast'));
  const rows = im2col(b, xLast, p.g, p.spatial, p.outSpatial, p.c, ctx.name('im2col'));
  const kmc = p.k === 1 ? undefined : kernelOuterWeight(b, w, p, ctx.name('weight'));
  const weight = kernelMajorWeight(b, w, kmc, p, ctx.name('weight'));
  const y = b.op('Gemm', bias ? [rows, weight, bias] : [rows, weight], { transB: intAttr(1) }, ctx.name('gemm'));
  const yLast = reshape(b, y, [-1, ...p.outSpatial, p.m], ctx.name('gemm.unflat'));
  b.node('Transpose', [yLast], { perm: { type: 'ints', value: channelsFirst(rank) } }, { name: node.name, outputs: [node.outputs[0]!] });
  ctx.save('rows', rows);
  if (kmc !== undefined) ctx.save('weight.kmc', kmc);
}

export function gemmConvBackward(ctx: BackwardContext, p: GemmConv, dY: string): void {
  const b = ctx.b;
  const rank = p.spatial.length;
  const dyLast = transpose(b, dY, channelsLast(rank), ctx.name('dY.channelsLast'));
  const dyRows = reshape(b, dyLast, [-1, p.m], ctx.name('dY.rows'));
  if (ctx.node.inputs[2] && ctx.needsGrad(2)) ctx.addGrad(2, reduce(b, 'ReduceSum', dyRows, [0], false, ctx.name('dB')));
  if (ctx.needsGrad(1)) {
    const dwRows = b.op('Gemm', [dyRows, ctx.saved('rows')], { transA: intAttr(1) }, ctx.name('dW.gemm'));
    if (p.k === 1) ctx.addGrad(1, reshape(b, dwRows, [p.m, p.c, ...p.kernel], ctx.name('dW')));
    else {
      // [M, K, C] -> [K, M, C] (blocks of C floats) -> 2-D [K, M*C] -> [M*C, K]: much faster in onnxruntime than
      // the 3-D Transpose [0, 2, 1].
      const kmc = transpose(b, reshape(b, dwRows, [p.m, p.k, p.c], ctx.name('dW.mkc')), [1, 0, 2], ctx.name('dW.kmc'));
      const mck = transpose(b, reshape(b, kmc, [p.k, p.m * p.c], ctx.name('dW.kmcFlat')), [1, 0], ctx.name('dW.mck'));
      ctx.addGrad(1, reshape(b, mck, [p.m, p.c, ...p.kernel], ctx.name('dW')));
    }
  }
  if (ctx.needsGrad(0)) ctx.addGrad(0, inputGradient(ctx, p, dY, dyLast));
}

function inputGradient(ctx: BackwardContext, p: GemmConv, dY: string, dyLast: string): string {
  const b = ctx.b;
  const rank = p.spatial.length;
  const { g } = p;
  const reach = g.kernel.map((k, i) => (k - 1) * g.dilations[i]!);
  const pads = [...reach.map((r, i) => r - g.pads[i]!), ...reach.map((r, i) => r - g.pads[i + rank]!)];
  const w = ctx.node.inputs[1]!;
  if (g.strides.some((s) => s !== 1) || pads.some((v) => v < 0)) {
    return transposedWindow(b, dY, w, g, p.spatial, p.outSpatial, 1, ctx.name('dX'));
  }
  // Rows (k, m) of the flipped kernel: reversing the flattened kernel axis flips every spatial axis.
  const reversed = Array.from({ length: p.k }, (_, i) => p.k - 1 - i);
  const kmc = p.k === 1 ? w : b.op('Gather', [ctx.saved('weight.kmc'), b.constInt64(reversed)], { axis: intAttr(0) }, ctx.name('dX.weight.flip'));
  const weight = reshape(b, kmc, [p.k * p.m, p.c], ctx.name('dX.weight.rows'));
  const geometry: WindowGeometry = { kernel: p.kernel, strides: p.kernel.map(() => 1), dilations: g.dilations, pads, ceilMode: false };
  const rows = im2col(b, dyLast, geometry, p.outSpatial, p.spatial, p.m, ctx.name('dX.im2col'));
  const dx = b.op('Gemm', [rows, weight], {}, ctx.name('dX.gemm'));
  const dxLast = reshape(b, dx, [-1, ...p.spatial, p.c], ctx.name('dX.unflat'));
  return transpose(b, dxLast, channelsFirst(rank), ctx.name('dX'));
}
