/** Outlier clipping of a layers x epochs matrix (paper eq. 2). */
import type { NullableMatrix, OutlierAxis } from './types.js';

/** Population mean and standard deviation of the non-null values of one line; null when it has none. */
function meanStd(values: readonly (number | null)[]): { mean: number; std: number } | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    count++;
  }
  if (count === 0) return null;
  const mean = sum / count;
  let ss = 0;
  for (const v of values) {
    if (v === null) continue;
    ss += (v - mean) * (v - mean);
  }
  return { mean, std: Math.sqrt(ss / count) };
}

/** One clipping pass over one line: values farther than sigma*std from the mean become the mean. */
function clipLine(values: readonly (number | null)[], sigma: number): (number | null)[] {
  const stats = meanStd(values);
  if (stats === null) return values.slice();
  const limit = sigma * stats.std;
  return values.map((v) => (v !== null && Math.abs(v - stats.mean) > limit ? stats.mean : v));
}

/**
 * Returns a new matrix where, along each row (axis 'row') or each column (axis 'column'), every value farther than
 * `sigma` population standard deviations from that line's mean is replaced by the mean. Mean and std are computed
 * once per line over its non-null values (one pass, not iterated). Nulls stay null. Axis 'none' returns a copy.
 * Rows may differ in length; for 'column', column j consists of the rows that have an entry j.
 */
export function clipOutliers(m: NullableMatrix, axis: OutlierAxis, sigma: number): NullableMatrix {
  if (!(sigma >= 0)) throw new Error(`clipOutliers: sigma must be >= 0, got ${sigma}`);
  if (axis === 'none') return m.map((row) => row.slice());
  if (axis === 'row') return m.map((row) => clipLine(row, sigma));
  const out = m.map((row) => row.slice());
  let cols = 0;
  for (const row of m) cols = Math.max(cols, row.length);
  for (let j = 0; j < cols; j++) {
    const holders: number[] = [];
    const column: (number | null)[] = [];
    for (let i = 0; i < m.length; i++) {
      if (j < m[i].length) {
        holders.push(i);
        column.push(m[i][j]);
      }
    }
    const clipped = clipLine(column, sigma);
    for (let k = 0; k < holders.length; k++) out[holders[k]][j] = clipped[k];
  }
  return out;
}

/** What clipping changed: how many values it replaced, and how many in each transition (column) of the matrix. */
export interface ClippingSummary {
  replaced: number;
  /** byTransition[t] = number of layers whose value at transition t was replaced; length = the longest row. */
  byTransition: number[];
}

/**
 * Where clipping replaced a value: true at [i][t] when `clipped[i][t]` differs from `raw[i][t]` (a replaced value
 * always differs, since only values farther than sigma·std from the mean are replaced by the mean). Pure.
 */
export function replacedMask(raw: NullableMatrix, clipped: NullableMatrix): boolean[][] {
  return raw.map((row, i) => row.map((v, t) => v !== null && clipped[i]?.[t] !== v));
}

/** The count of replaced values, in all and per transition, of `replacedMask(raw, clipped)`. Pure. */
export function clippingSummary(raw: NullableMatrix, clipped: NullableMatrix): ClippingSummary {
  const mask = replacedMask(raw, clipped);
  const byTransition = new Array<number>(Math.max(0, ...mask.map((r) => r.length))).fill(0);
  for (const row of mask) row.forEach((hit, t) => (byTransition[t] += hit ? 1 : 0));
  return { replaced: byTransition.reduce((a, b) => a + b, 0), byTransition };
}
