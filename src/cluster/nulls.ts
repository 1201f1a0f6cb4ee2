/** Filling missing entries before PCA / k-means, which need complete numeric data. */
import type { NullableMatrix } from './types.js';

/** Returns a new matrix with each null replaced by the mean of its row's non-null values (0 when it has none). */
export function fillNulls(m: NullableMatrix): number[][] {
  return m.map((row) => {
    let sum = 0;
    let count = 0;
    for (const v of row) {
      if (v === null) continue;
      sum += v;
      count++;
    }
    const mean = count === 0 ? 0 : sum / count;
    return row.map((v) => (v === null ? mean : v));
  });
}
