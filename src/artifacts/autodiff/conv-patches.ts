/**
 * Geometry of a convolution's kernel-position windows: for each kernel position i (row-major over the kernel),
 * X_i[o] = Xpad[o*s + i*d] over the spatial axes, the input padded by the forward begin pads and by as much end
 * padding as the last window reaches.
 */
import { dilatedExtent, type WindowGeometry } from '../../graph/conv-geometry.js';

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
