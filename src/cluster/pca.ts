/** Two-component PCA of a complete numeric matrix (rows = layers, columns = epochs), via ml-pca. */
import { PCA } from 'ml-pca';
import type { Pca2Result } from './types.js';

/**
 * A component whose variance is below this fraction of the total is numerical noise of an exactly
 * lower-rank input (e.g. points on a line): its coordinates are reported as 0 and its explained variance as 0.
 * Likewise data whose total variance is below this fraction of its sum of squares counts as constant.
 */
const NOISE_VARIANCE_FRACTION = 1e-24;

/**
 * Projects the rows of `m` (n x p, centred per column, not scaled) on their first two principal components.
 *
 * - explainedVariance: [f1, f2], each the variance along the component divided by the total variance of the
 *   centred data (both 0 when the data is constant, or has fewer than 2 rows).
 * - One column: the second coordinate is 0 and f2 = 0. One row or constant data (identical rows, up to a relative
 *   1e-12 in amplitude): every point is [0, 0]. A component carrying less than 1e-24 of the variance (rounding
 *   noise of exactly lower-rank data) is reported as coordinates 0 and fraction 0.
 * - Sign convention: each component is oriented so that the first point (in input order) whose coordinate on it is
 *   nonzero (|x| > 1e-9 times the largest |x| on that component) has a positive coordinate.
 * Throws on ragged rows or non-finite values.
 */
export function pca2(m: number[][]): Pca2Result {
  const n = m.length;
  const p = n === 0 ? 0 : m[0].length;
  for (const row of m) {
    if (row.length !== p) throw new Error(`pca2: rows differ in length (${row.length} vs ${p})`);
    for (const v of row) if (!Number.isFinite(v)) throw new Error(`pca2: non-finite value ${v}`);
  }
  const points: [number, number][] = m.map(() => [0, 0]);
  const explainedVariance = [0, 0];
  if (n < 2 || p === 0) return { points, explainedVariance };

  let total = 0;
  let magnitude = 0;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += m[i][j];
    mean /= n;
    for (let i = 0; i < n; i++) {
      total += (m[i][j] - mean) * (m[i][j] - mean);
      magnitude += m[i][j] * m[i][j];
    }
  }
  // Identical rows leave rounding noise of the column means (~1e-16 relative): treat that as constant data.
  if (!(total > NOISE_VARIANCE_FRACTION * magnitude)) return { points, explainedVariance };

  const pca = new PCA(m, { center: true, scale: false });
  const available = pca.getEigenvectors().columns;
  const components = Math.min(2, available);
  const projected = pca.predict(m, { nComponents: components });
  for (let c = 0; c < components; c++) {
    let ss = 0;
    let maxAbs = 0;
    for (let i = 0; i < n; i++) {
      const x = projected.get(i, c);
      ss += x * x;
      maxAbs = Math.max(maxAbs, Math.abs(x));
    }
    const fraction = ss / total;
    if (fraction < NOISE_VARIANCE_FRACTION) continue; // stays 0
    let sign = 1;
    for (let i = 0; i < n; i++) {
      const x = projected.get(i, c);
      if (Math.abs(x) > 1e-9 * maxAbs) {
        sign = x < 0 ? -1 : 1;
        break;
      }
    }
    for (let i = 0; i < n; i++) points[i][c] = sign * projected.get(i, c) + 0; // + 0 turns -0 into 0
    explainedVariance[c] = Math.min(1, fraction);
  }
  return { points, explainedVariance };
}
