/**
 * Which input rows a lowered convolution multiplies, as pure geometry. A convolution's output position o reads
 * input position o*s + t*d - p at kernel position t; near the border some kernel positions fall outside the input
 * (on padding zeros). On small maps that is most of them: a 3x3 kernel on a 1x1 map reaches the input at one
 * kernel position of nine, on 2x2 at four. So the rows of the product are grouped by the kernel positions ("taps")
 * that reach inside the input, and each group is one product over only those taps: the zeros are never gathered
 * nor multiplied. Where nearly every tap is inside (large maps), one group over all taps with the outside ones
 * pointing at a zero row costs fewer ops. Rows no tap reaches (dX of a strided 1x1 convolution) form a group
 * with no taps: their values are zeros.
 *
 * The same construction gives dX of any stride: input position i receives dY at the output positions o and taps t
 * with o*s + t*d - p = i.
 */
import type { WindowGeometry } from '../../graph/conv-geometry.js';
import type { Dim } from '../../onnx/types.js';
import { elementCount } from '../../util/element-count.js';

export interface TapGroup {
  /** Flat (row-major) positions of the rows this group computes, ascending. */
  rows: number[];
  /** Kernel positions (row-major over the kernel, ascending) the group's product runs over. */
  taps: number[];
  /** Flat source position of row rows[i] at tap taps[j], at [i * taps.length + j]; `zeroRow` where outside. */
  sources: number[];
}

export interface TapPlan {
  groups: TapGroup[];
  /** The source position standing for zeros (one past the last) of a padded group; undefined for exact groups. */
  zeroRow: number | undefined;
}

/**
 * Rows whose useful fraction of the padded product is at least this take one padded group instead. Measured on
 * resnet18 at 32x32 (alternating processes, 4 pairs): its 8x8 maps (84 % useful, 9 groups) ran slightly faster as
 * groups than as one padded product; 16x16 maps (92 %) would be one product.
 */
export const PADDED_ABOVE = 0.9;

/** from, from + 1, ..., from + n - 1. */
export const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** `dims` as numbers when every one is static, else undefined. */
export function staticDims(dims: readonly Dim[]): number[] | undefined {
  return dims.every((d): d is number => typeof d === 'number') ? (dims as number[]) : undefined;
}

/** Kernel position `t` (row-major) as indices per spatial axis. */
function tapIndex(kernel: readonly number[], t: number): number[] {
  const out = new Array<number>(kernel.length);
  for (let i = kernel.length - 1, rest = t; i >= 0; i--) {
    out[i] = rest % kernel[i]!;
    rest = Math.floor(rest / kernel[i]!);
  }
  return out;
}

function unflatten(flat: number, dims: readonly number[]): number[] {
  const out = new Array<number>(dims.length);
  for (let i = dims.length - 1, rest = flat; i >= 0; i--) {
    out[i] = rest % dims[i]!;
    rest = Math.floor(rest / dims[i]!);
  }
  return out;
}

function flatten(index: readonly number[], dims: readonly number[]): number {
  let flat = 0;
  for (let i = 0; i < dims.length; i++) flat = flat * dims[i]! + index[i]!;
  return flat;
}

/** Source position, per axis, of a forward row (output position) at one tap; -1 where outside the input. */
export function forwardSource(g: WindowGeometry, spatial: readonly number[]): (row: number[], tap: number[]) => number {
  return (o, t) => {
    const at = o.map((v, i) => v * g.strides[i]! + t[i]! * g.dilations[i]! - g.pads[i]!);
    return at.every((v, i) => v >= 0 && v < spatial[i]!) ? flatten(at, spatial) : -1;
  };
}

/** Source position (in dY) of a dX row (input position) at one tap; -1 where no output position reads it there. */
export function inputGradSource(g: WindowGeometry, outSpatial: readonly number[]): (row: number[], tap: number[]) => number {
  return (x, t) => {
    const at = new Array<number>(x.length);
    for (let i = 0; i < x.length; i++) {
      const shifted = x[i]! + g.pads[i]! - t[i]! * g.dilations[i]!;
      if (shifted < 0 || shifted % g.strides[i]! !== 0) return -1;
      at[i] = shifted / g.strides[i]!;
      if (at[i]! >= outSpatial[i]!) return -1;
    }
    return flatten(at, outSpatial);
  };
}

/**
 * The rows of a window product over `rowDims`, grouped by the taps that reach inside the source (exact groups), or
 * one padded group when at least PADDED_ABOVE of the padded product is useful. `sourceSize` is the number of
 * source positions (the zero row, when needed, is one past them).
 */
export function tapPlan(rowDims: readonly number[], kernel: readonly number[], sourceSize: number, source: (row: number[], tap: number[]) => number): TapPlan {
  const k = elementCount(kernel);
  const taps = Array.from({ length: k }, (_, t) => tapIndex(kernel, t));
  const byTaps = new Map<string, TapGroup>();
  const all: number[][] = [];
  let useful = 0;
  for (let r = 0; r < elementCount(rowDims); r++) {
    const row = unflatten(r, rowDims);
    const sources = taps.map((t) => source(row, t));
    all.push(sources);
    const inside = sources.flatMap((s, t) => (s >= 0 ? [t] : []));
    useful += inside.length;
    const key = inside.join(',');
    let group = byTaps.get(key);
    if (group === undefined) byTaps.set(key, (group = { rows: [], taps: inside, sources: [] }));
    group.rows.push(r);
    for (const t of inside) group.sources.push(sources[t]!);
  }
  const groups = [...byTaps.values()];
  if (groups.length === 1 && groups[0]!.taps.length > 0) return { groups, zeroRow: undefined };
  if (useful >= PADDED_ABOVE * all.length * k) {
    const padded: TapGroup = { rows: all.map((_, r) => r), taps: taps.map((_, t) => t), sources: all.flatMap((s) => s.map((v) => (v < 0 ? sourceSize : v))) };
    return { groups: [padded], zeroRow: sourceSize };
  }
  return { groups, zeroRow: undefined };
}

/** Whether group `g` reads every source row once, in order: its gather is the identity. */
export function isIdentity(g: TapGroup, sourceSize: number): boolean {
  return g.taps.length === 1 && g.sources.length === sourceSize && g.sources.every((s, i) => s === i);
}

/** Floats of one sample's gathered matrices (rows x taps x channels), summed over the groups. */
export function gatheredPerSample(plan: TapPlan, channels: number): number {
  return plan.groups.reduce((sum, g) => sum + g.sources.length * channels, 0);
}
