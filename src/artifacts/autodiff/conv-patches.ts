/**
 * The kernel-position windows of a convolution's input: for each kernel position i (row-major over the kernel),
 * X_i[o] = Xpad[o*s + i*d] over the spatial axes, the input padded by the forward begin pads and by as much end
 * padding as the last window reaches. Built from Pad and Slice only; callers stack them (the im2col matrix).
 */
import { dilatedExtent, type WindowGeometry } from '../../graph/conv-geometry.js';
import type { GraphBuilder } from '../../graph/builder.js';

/** Floats of one sample's im2col matrix (kernel positions x channels x output positions). */
export function patchesPerSample(kernel: readonly number[], channels: number, outSpatial: readonly number[]): number {
  return [...kernel, ...outSpatial].reduce((a, b) => a * b, channels);
}

/** End padding so that the last window of every kernel position fits. */
export function windowEndPads(g: WindowGeometry, spatial: readonly number[], outSpatial: readonly number[]): number[] {
  return spatial.map((size, i) => Math.max(0, (outSpatial[i]! - 1) * g.strides[i]! + dilatedExtent(g.kernel[i]!, g.dilations[i]!) - size - g.pads[i]!));
}

/** Start offset of kernel position `p` (row-major) in the padded input, per spatial axis. */
export function kernelOffset(g: WindowGeometry, p: number): number[] {
  const rank = g.kernel.length;
  const offset = new Array<number>(rank);
  for (let i = rank - 1, rest = p; i >= 0; i--) {
    offset[i] = (rest % g.kernel[i]!) * g.dilations[i]!;
    rest = Math.floor(rest / g.kernel[i]!);
  }
  return offset;
}

/**
 * Pads for `Pad` on a tensor of rank `xRank` whose spatial axes start at `first`: `begin`/`end` on those axes,
 * 0 elsewhere.
 */
export function spatialPads(xRank: number, first: number, begin: readonly number[], end: readonly number[]): number[] {
  const pads = new Array<number>(2 * xRank).fill(0);
  begin.forEach((p, i) => (pads[first + i] = p));
  end.forEach((p, i) => (pads[xRank + first + i] = p));
  return pads;
}

/** The windows of `x` (spatial axes `first` .. `first + rank - 1`), one per kernel position. */
export function kernelWindows(
  b: GraphBuilder,
  x: string,
  xRank: number,
  first: number,
  g: WindowGeometry,
  spatial: readonly number[],
  outSpatial: readonly number[],
  name: string,
): string[] {
  const rank = spatial.length;
  const begin = g.pads.slice(0, rank);
  const end = windowEndPads(g, spatial, outSpatial);
  const padded = [...begin, ...end].some((p) => p !== 0) ? b.op('Pad', [x, b.constInt64(spatialPads(xRank, first, begin, end))], {}, `${name}.pad`) : x;
  const positions = g.kernel.reduce((a, k) => a * k, 1);
  const axes = b.constInt64(Array.from({ length: rank }, (_, i) => first + i));
  const steps = b.constInt64(g.strides);
  const windows: string[] = [];
  for (let p = 0; p < positions; p++) {
    const offset = kernelOffset(g, p);
    const stop = offset.map((o, i) => o + (outSpatial[i]! - 1) * g.strides[i]! + 1);
    const covers = offset.every((o, i) => o === 0 && g.strides[i] === 1 && stop[i] === spatial[i]) && padded === x;
    windows.push(covers ? x : b.op('Slice', [padded, b.constInt64(offset), b.constInt64(stop), axes, steps], {}, `${name}.window${p}`));
  }
  return windows;
}
