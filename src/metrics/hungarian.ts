/**
 * One-to-one matching of the rows of a score matrix to its columns maximising the total |score|
 * (e.g. neurons of two layers matched by |Pearson r|).
 *
 * - `bestMatching`: exact, Hungarian algorithm (Kuhn-Munkres with potentials, O(min(n,m)^2 * max(n,m))).
 * - `greedyMatching`: pairs taken in decreasing |score| (ties: row-major order), skipping used rows and columns;
 *   O(n m) with a two-pass radix sort on the float32 image of |score|. Its total is at least half the optimum
 *   (the classic bound for greedy weighted matching), and on correlation matrices of related networks, where most
 *   rows have one clear partner, it is usually much closer.
 * - `featureMatching`: the exact matching while min(n, m) <= EXACT_MATCHING_MAX_ROWS; beyond, the exact one within a
 *   work budget (enough for related networks, where it is fast), else greedy (unrelated 4096-row layers take the
 *   Hungarian algorithm several CPU-seconds); and which one it used.
 */
import { assertMatrixSize } from './check.js';

/**
 * Minimum-cost assignment of each of the n rows to a distinct column of an n x m cost matrix, n <= m.
 * `cost(i, j)` is read through the row-major buffer `c` with row stride `stride` and column stride `step`, so the
 * same code serves the transposed problem. Returns, per row, the chosen column.
 */
function assignRows(c: Float64Array, n: number, m: number, stride: number, step: number, budget = Infinity): Int32Array | null {
  let work = 0;
  // 1-based arrays as in the textbook formulation; index 0 is the virtual start column/row.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row assigned to column j (0 = none)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      work += m;
      if (work > budget) return null;
      used[j0] = 1;
      const i0 = p[j0];
      const rowBase = (i0 - 1) * stride;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = c[rowBase + (j - 1) * step] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Int32Array(n);
  for (let j = 1; j <= m; j++) {
    if (p[j] !== 0) rowToCol[p[j] - 1] = j - 1;
  }
  return rowToCol;
}

/**
 * Matching of the n rows to the m columns of a row-major n x m score matrix that maximises the sum of |score| over
 * matched pairs, each row and column used at most once. Returns, for each row i, its column, or -1 when n > m and
 * row i is left unmatched. Throws on a non-finite score or a buffer of the wrong size.
 */
export function bestMatching(score: Float64Array, n: number, m: number): number[] {
  return budgetedMatching(score, n, m, Infinity)!;
}

/**
 * `bestMatching`, given up (null) once its augmenting-path scans have read more than `budget` cost entries. The
 * count depends only on the scores, so the outcome is deterministic; n x m entries per row is the worst case, related
 * networks (one clear partner per row) need a small multiple of n x m in all.
 */
export function budgetedMatching(score: Float64Array, n: number, m: number, budget: number): number[] | null {
  assertMatrixSize(score, n, m, 'bestMatching');
  const cost = new Float64Array(n * m);
  for (let k = 0; k < n * m; k++) {
    const s = score[k];
    if (!Number.isFinite(s)) throw new Error(`bestMatching: non-finite score at index ${k}`);
    cost[k] = s < 0 ? s : -s; // minimise -|score|
  }
  const result = new Array<number>(n).fill(-1);
  if (n === 0 || m === 0) return result;
  if (n <= m) {
    const rowToCol = assignRows(cost, n, m, m, 1, budget);
    if (!rowToCol) return null;
    for (let i = 0; i < n; i++) result[i] = rowToCol[i];
  } else {
    // Assign each column to a row on the transposed problem (rows of it = columns of score).
    const colToRow = assignRows(cost, m, n, 1, m, budget);
    if (!colToRow) return null;
    for (let j = 0; j < m; j++) result[colToRow[j]] = j;
  }
  return result;
}

/** Largest min(rows, cols) always matched exactly by `featureMatching` (about a CPU-second at worst). */
export const EXACT_MATCHING_MAX_ROWS = 2048;

/**
 * Above EXACT_MATCHING_MAX_ROWS, the exact matching is still tried with a budget of this many cost entries read per
 * entry of the score matrix. Related networks (each row one clear partner) need 1; unrelated ones 15-35, where the
 * greedy matching takes over after about a second at 4096 rows.
 */
export const HUNGARIAN_BUDGET_PER_ENTRY = 8;

export type MatchingMethod = 'hungarian' | 'greedy';

export interface MatchingLimits {
  exactMaxRows: number;
  budgetPerEntry: number;
}

/**
 * The exact matching when min(n, m) <= exactMaxRows or when it finishes within budgetPerEntry x n x m scanned
 * entries, else the greedy one; says which. Deterministic either way.
 */
export function featureMatching(
  score: Float64Array,
  n: number,
  m: number,
  limits: MatchingLimits = { exactMaxRows: EXACT_MATCHING_MAX_ROWS, budgetPerEntry: HUNGARIAN_BUDGET_PER_ENTRY },
): { matching: number[]; method: MatchingMethod } {
  const budget = Math.min(n, m) <= limits.exactMaxRows ? Infinity : limits.budgetPerEntry * n * m;
  const exact = budgetedMatching(score, n, m, budget);
  return exact ? { matching: exact, method: 'hungarian' } : { matching: greedyMatching(score, n, m), method: 'greedy' };
}

/**
 * Greedy matching on |score|: every entry in decreasing order of |score| as float32 (ties in row-major order), each
 * taken when its row and column are both still free. Same result layout as `bestMatching`.
 */
export function greedyMatching(score: Float64Array, n: number, m: number): number[] {
  assertMatrixSize(score, n, m, 'greedyMatching');
  const total = n * m;
  if (total > 0xffffffff) throw new Error(`greedyMatching: ${n} x ${m} entries exceed 2^32`);
  // Key: the bits of float32 |score| inverted, so ascending keys are descending scores (non-negative floats order
  // like their bit patterns). Sorted with two stable 16-bit counting passes, low half first.
  const keys = new Uint32Array(total);
  const f32 = new Float32Array(keys.buffer);
  for (let k = 0; k < total; k++) {
    const s = score[k];
    if (!Number.isFinite(s)) throw new Error(`greedyMatching: non-finite score at index ${k}`);
    f32[k] = Math.abs(s);
  }
  for (let k = 0; k < total; k++) keys[k] = ~keys[k] >>> 0;
  const counts = new Uint32Array(65537);
  // Pass 1 (low 16 bits) reads the keys in index order; pass 2 (high 16 bits) reads them through the permutation.
  for (let k = 0; k < total; k++) counts[(keys[k] & 0xffff) + 1]++;
  for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
  const byLow = new Uint32Array(total);
  for (let k = 0; k < total; k++) byLow[counts[keys[k] & 0xffff]++] = k;
  counts.fill(0);
  for (let k = 0; k < total; k++) counts[(keys[k] >>> 16) + 1]++;
  for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
  const order = new Uint32Array(total);
  for (let k = 0; k < total; k++) {
    const idx = byLow[k];
    order[counts[keys[idx] >>> 16]++] = idx;
  }
  const from = order;
  const result = new Array<number>(n).fill(-1);
  const rowUsed = new Uint8Array(n);
  const colUsed = new Uint8Array(m);
  let left = Math.min(n, m);
  for (let k = 0; k < total && left > 0; k++) {
    const idx = from[k];
    const i = Math.floor(idx / m);
    const j = idx - i * m;
    if (rowUsed[i] || colUsed[j]) continue;
    rowUsed[i] = 1;
    colUsed[j] = 1;
    result[i] = j;
    left--;
  }
  return result;
}
