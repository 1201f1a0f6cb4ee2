import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestMatching, budgetedMatching, featureMatching, greedyMatching } from '../../src/metrics/hungarian.js';
import { mulberry32 } from '../../src/util/random.js';

/** Best total |score| over all one-to-one matchings, by enumerating injections of the smaller side. */
function bruteForceBest(score: Float64Array, n: number, m: number): number {
  const at = (i: number, j: number) => Math.abs(score[i * m + j]);
  const small = Math.min(n, m);
  const large = Math.max(n, m);
  const value = (s: number, l: number) => (n <= m ? at(s, l) : at(l, s));
  const used = new Array<boolean>(large).fill(false);
  let best = -Infinity;
  const go = (s: number, total: number): void => {
    if (s === small) {
      best = Math.max(best, total);
      return;
    }
    for (let l = 0; l < large; l++) {
      if (used[l]) continue;
      used[l] = true;
      go(s + 1, total + value(s, l));
      used[l] = false;
    }
  };
  go(0, 0);
  return best;
}

function checkMatching(match: number[], score: Float64Array, n: number, m: number): number {
  assert.equal(match.length, n);
  const cols = match.filter((j) => j !== -1);
  assert.equal(cols.length, Math.min(n, m), 'every row matched when n <= m, every column when n > m');
  assert.equal(new Set(cols).size, cols.length, 'columns distinct');
  for (const j of cols) assert.ok(Number.isInteger(j) && j >= 0 && j < m);
  return match.reduce((s, j, i) => (j === -1 ? s : s + Math.abs(score[i * m + j])), 0);
}

test('bestMatching beats greedy on a hand case', () => {
  // Greedy takes (0,0) = 0.9 then (1,1) = 0.1: 1.0. Optimum (0,1) + (1,0) = 0.8 + 0.85 = 1.65.
  assert.deepEqual(bestMatching(new Float64Array([0.9, 0.8, 0.85, 0.1]), 2, 2), [1, 0]);
});

test('bestMatching uses |score|', () => {
  // |-0.9| + 0.3 = 1.2 beats 0.1 + 0.2.
  assert.deepEqual(bestMatching(new Float64Array([-0.9, 0.1, 0.2, 0.3]), 2, 2), [0, 1]);
});

test('bestMatching equals brute force on random square and rectangular matrices', () => {
  const rnd = mulberry32(2024);
  for (const [n, m] of [[1, 1], [3, 3], [4, 4], [7, 7], [8, 8], [3, 6], [6, 3], [5, 8], [8, 5], [1, 4], [4, 1]]) {
    for (let trial = 0; trial < 4; trial++) {
      const score = new Float64Array(n * m);
      for (let k = 0; k < score.length; k++) score[k] = rnd() * 2 - 1;
      const match = bestMatching(score, n, m);
      const total = checkMatching(match, score, n, m);
      const best = bruteForceBest(score, n, m);
      assert.ok(Math.abs(total - best) < 1e-12, `${n}x${m}: ${total} vs brute force ${best}`);
    }
  }
});

test('bestMatching with ties and integer scores', () => {
  const rnd = mulberry32(5);
  for (let trial = 0; trial < 20; trial++) {
    const n = 6;
    const score = new Float64Array(n * n);
    for (let k = 0; k < score.length; k++) score[k] = Math.floor(rnd() * 3);
    const total = checkMatching(bestMatching(score, n, n), score, n, n);
    assert.equal(total, bruteForceBest(score, n, n));
  }
});

test('bestMatching edge cases and errors', () => {
  assert.deepEqual(bestMatching(new Float64Array(0), 0, 3), []);
  assert.deepEqual(bestMatching(new Float64Array(0), 2, 0), [-1, -1]);
  assert.throws(() => bestMatching(new Float64Array(3), 2, 2), /expected 2 x 2/);
  assert.throws(() => bestMatching(new Float64Array([0, NaN, 0, 0]), 2, 2), /non-finite/);
});

/** Greedy the slow, obvious way: repeatedly take the largest |score| among free rows and columns (first in row-major order on ties). */
function slowGreedy(score: Float64Array, n: number, m: number): number[] {
  const result = new Array<number>(n).fill(-1);
  const usedCol = new Set<number>();
  for (let step = 0; step < Math.min(n, m); step++) {
    let best = -1;
    let at = -1;
    for (let k = 0; k < n * m; k++) {
      const i = Math.floor(k / m);
      const j = k % m;
      if (result[i] !== -1 || usedCol.has(j)) continue;
      const v = Math.fround(Math.abs(score[k]));
      if (v > best) [best, at] = [v, k];
    }
    result[Math.floor(at / m)] = at % m;
    usedCol.add(at % m);
  }
  return result;
}

test('greedyMatching takes the largest |score| first (hand case: greedy 1.0 where the optimum is 1.65)', () => {
  assert.deepEqual(greedyMatching(new Float64Array([0.9, 0.8, 0.85, 0.1]), 2, 2), [0, 1]);
  assert.deepEqual(greedyMatching(new Float64Array([0.1, -0.9, 0.2, 0.3]), 2, 2), [1, 0]);
});

test('greedyMatching equals the slow greedy, reaches at least half the optimum, and breaks ties in row-major order', () => {
  const rnd = mulberry32(77);
  for (const [n, m] of [[1, 1], [5, 5], [8, 8], [3, 7], [7, 3], [40, 40], [30, 55]]) {
    for (let trial = 0; trial < 3; trial++) {
      const score = Float64Array.from({ length: n * m }, () => rnd() * 2 - 1);
      const match = greedyMatching(score, n, m);
      assert.deepEqual(match, slowGreedy(score, n, m), `${n}x${m}`);
      const total = checkMatching(match, score, n, m);
      if (n * m <= 64) assert.ok(total >= bruteForceBest(score, n, m) / 2 - 1e-12);
    }
  }
  // All ties: row i gets the first free column.
  assert.deepEqual(greedyMatching(new Float64Array(9).fill(0.5), 3, 3), [0, 1, 2]);
  assert.deepEqual(greedyMatching(new Float64Array(0), 2, 0), [-1, -1]);
  assert.throws(() => greedyMatching(new Float64Array([0, Infinity, 0, 0]), 2, 2), /non-finite/);
});

test('budgetedMatching gives the exact matching within its budget and null beyond it', () => {
  const rnd = mulberry32(31);
  const n = 30;
  const score = Float64Array.from({ length: n * n }, () => rnd() * 2 - 1);
  assert.deepEqual(budgetedMatching(score, n, n, 1e9), bestMatching(score, n, n));
  // Every row scans at least all n columns once, so n * n - 1 entries can never suffice.
  assert.equal(budgetedMatching(score, n, n, n * n - 1), null);
  // A permutation matrix: each row finds its partner in one scan, exactly n * n entries.
  const perm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) perm[i * n + ((i * 7) % n)] = 1;
  assert.deepEqual(budgetedMatching(perm, n, n, n * n), Array.from({ length: n }, (_, i) => (i * 7) % n));
});

test('featureMatching: exact up to the row bound, beyond it exact within the budget, else greedy; says which', () => {
  const score = new Float64Array([0.9, 0.8, 0.85, 0.1]);
  assert.deepEqual(featureMatching(score, 2, 2), { matching: [1, 0], method: 'hungarian' });
  assert.deepEqual(featureMatching(score, 2, 2, { exactMaxRows: 1, budgetPerEntry: 8 }), { matching: [1, 0], method: 'hungarian' });
  assert.deepEqual(featureMatching(score, 2, 2, { exactMaxRows: 1, budgetPerEntry: 0.5 }), { matching: [0, 1], method: 'greedy' });
  // The row bound applies to the smaller side: 2 x 3 with bound 2 is exact whatever the budget.
  assert.equal(featureMatching(new Float64Array(6), 2, 3, { exactMaxRows: 2, budgetPerEntry: 0 }).method, 'hungarian');
});
