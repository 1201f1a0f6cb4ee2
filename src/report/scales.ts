/** Deciding and computing value scales from data. Pure functions. */

/** More than this many decades between the smallest and largest positive value -> log axis. */
export const LOG_SCALE_DECADES = 2;

export interface PositiveRange {
  min: number;
  max: number;
}

/** Smallest and largest finite value > 0, or null when there is none. */
export function positiveRange(values: Iterable<number | null>): PositiveRange | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v) || v <= 0) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? null : { min, max };
}

/** True when the positive values span more than LOG_SCALE_DECADES decades. */
export function shouldUseLogScale(values: Iterable<number | null>): boolean {
  const range = positiveRange(values);
  return range !== null && Math.log10(range.max / range.min) > LOG_SCALE_DECADES;
}

/**
 * Position of `value` in [0, 1] on a log scale from `min` to `max` (both > 0), clamped; null for values that
 * have no place on a log scale (null, non-finite, <= 0).
 */
export function logPosition(value: number | null, min: number, max: number): number | null {
  if (value === null || !Number.isFinite(value) || value <= 0) return null;
  if (max <= min) return 0.5;
  const p = (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** Powers of ten from floor(log10 min) to ceil(log10 max), inclusive: tick values for a log colour bar. */
export function decadeTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) ticks.push(Number(`1e${e}`));
  return ticks;
}

/** `count` indices spread evenly over 0..total-1 (all of them when total <= count), first and last included. */
export function evenlySampledIndices(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  if (count <= 1) return [0];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (total - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b);
}

/** Arithmetic mean of the finite non-null values; null when there are none. */
export function meanOfPresent(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}

/** Short, readable number: 3 significant digits, exponent form for very small / large magnitudes. */
export function formatNumber(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

/** "every 2nd", "every 3rd", "every 11th", "every 21st": a label step in words. */
export function everyNth(step: number): string {
  const tens = step % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : step % 10 === 1 ? 'st' : step % 10 === 2 ? 'nd' : step % 10 === 3 ? 'rd' : 'th';
  return `every ${step}${suffix}`;
}
