/** Fraction-changed counts for the parameter-dynamics analysis. */
import { assertSameLength } from './check.js';
import type { FloatData } from './types.js';

/**
 * For each tolerance, the number of elements with |final - init| > tol, in one pass over the data.
 * The result is in the order of `tols`. NaN differences are never counted as changed.
 */
export function countChanged(init: FloatData, final: FloatData, tols: readonly number[]): number[] {
  assertSameLength(init, final, 'countChanged');
  const t = tols.length;
  const tol = Float64Array.from(tols);
  const counts = new Float64Array(t);
  const n = init.length;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(final[i] - init[i]);
    for (let k = 0; k < t; k++) {
      if (d > tol[k]) counts[k]++;
    }
  }
  return Array.from(counts);
}
