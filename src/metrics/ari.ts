/** Adjusted Rand index (Hubert & Arabie, 1985) between two partitions of the same items. */

function pairs(x: number): number {
  return (x * (x - 1)) / 2;
}

/**
 * ARI of two labelings of the same n items (labels are arbitrary numbers; only equality matters).
 * 1 for identical partitions up to relabelling, about 0 for independent ones, negative below chance.
 * When the index is undefined (n < 2, or both partitions are the single cluster, or both are all singletons,
 * which are the only cases with a zero denominator and are identical partitions) it returns 1.
 */
export function adjustedRandIndex(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new Error(`adjustedRandIndex: length mismatch (${a.length} vs ${b.length})`);
  }
  const n = a.length;
  const rowSums = new Map<number, number>();
  const colSums = new Map<number, number>();
  const cells = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    rowSums.set(a[i], (rowSums.get(a[i]) ?? 0) + 1);
    colSums.set(b[i], (colSums.get(b[i]) ?? 0) + 1);
    const key = `${a[i]}|${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  let index = 0;
  for (const c of cells.values()) index += pairs(c);
  let sumA = 0;
  for (const c of rowSums.values()) sumA += pairs(c);
  let sumB = 0;
  for (const c of colSums.values()) sumB += pairs(c);
  const total = pairs(n);
  if (total === 0) return 1;
  const expected = (sumA * sumB) / total;
  const max = (sumA + sumB) / 2;
  const denom = max - expected;
  if (denom === 0) return 1;
  return (index - expected) / denom;
}
