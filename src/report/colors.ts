/** Colour maps and palettes used by the report. Pure functions: number in, [r, g, b] (0..255 integers) out. */

export type Rgb = [number, number, number];

/** One stop of a piecewise-linear colour map: position in [0, 1] and the colour there. */
type Stop = [number, Rgb];

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function interpolateStops(stops: readonly Stop[], position: number): Rgb {
  const p = clamp01(position);
  for (let i = 1; i < stops.length; i++) {
    const [p1, c1] = stops[i];
    if (p <= p1) {
      const [p0, c0] = stops[i - 1];
      const f = p1 === p0 ? 0 : (p - p0) / (p1 - p0);
      return [0, 1, 2].map((ch) => Math.round(c0[ch] + f * (c1[ch] - c0[ch]))) as Rgb;
    }
  }
  return [...stops[stops.length - 1][1]] as Rgb;
}

/** Viridis (matplotlib), sampled at nine stops: dark purple (low) -> yellow (high). */
const VIRIDIS: readonly Stop[] = [
  [0, [68, 1, 84]],
  [0.125, [71, 44, 122]],
  [0.25, [59, 81, 139]],
  [0.375, [44, 113, 142]],
  [0.5, [33, 144, 141]],
  [0.625, [39, 173, 129]],
  [0.75, [92, 200, 99]],
  [0.875, [170, 220, 50]],
  [1, [253, 231, 37]],
];

/** Sequential colour for a position in [0, 1] (clamped). */
export function sequentialColor(position: number): Rgb {
  return interpolateStops(VIRIDIS, position);
}

/** ColorBrewer RdBu, reversed: blue = -1, near-white = 0, red = +1. For correlations. */
const RED_BLUE: readonly Stop[] = [
  [0, [5, 48, 97]],
  [0.25, [67, 147, 195]],
  [0.5, [247, 247, 247]],
  [0.75, [214, 96, 77]],
  [1, [103, 0, 31]],
];

/** Diverging colour for a value in [-1, 1] (clamped): -1 dark blue, 0 near-white, +1 dark red. */
export function divergingColor(value: number): Rgb {
  return interpolateStops(RED_BLUE, (value + 1) / 2);
}

/**
 * matplotlib's "jet", the colour map of the LeNet filter study: for a value in [-1, 1] (clamped),
 * -1 dark blue, 0 light green, +1 dark red. Implemented from matplotlib's segment data, one piecewise-linear
 * function per channel.
 */
const JET_RED: readonly [number, number][] = [[0, 0], [0.35, 0], [0.66, 1], [0.89, 1], [1, 0.5]];
const JET_GREEN: readonly [number, number][] = [[0, 0], [0.125, 0], [0.375, 1], [0.64, 1], [0.91, 0], [1, 0]];
const JET_BLUE: readonly [number, number][] = [[0, 0.5], [0.11, 1], [0.34, 1], [0.65, 0], [1, 0]];

function segment(points: readonly [number, number][], p: number): number {
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i];
    if (p <= x1) {
      const [x0, y0] = points[i - 1];
      return y0 + ((p - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return points[points.length - 1][1];
}

export function filterColor(value: number): Rgb {
  const p = clamp01((value + 1) / 2);
  return [JET_RED, JET_GREEN, JET_BLUE].map((ch) => Math.round(255 * segment(ch, p))) as Rgb;
}

/** Colour for cells without a value (null RWC, non-positive value on a log scale). */
export const MISSING_COLOR: Rgb = [200, 200, 200];

/** Categorical palette (Tableau 10) for clusters and primitives; cycles after ten. */
const CATEGORICAL: readonly string[] = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

export function categoricalColor(i: number): string {
  const n = CATEGORICAL.length;
  return CATEGORICAL[((i % n) + n) % n];
}

/** Colour for layers outside every cluster (excluded ends). */
export const UNCLUSTERED_COLOR = '#9e9e9e';

/** `#rrggbb` -> `rgba(r, g, b, alpha)`. */
export function withAlpha(hex: string, alpha: number): string {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
}

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}
