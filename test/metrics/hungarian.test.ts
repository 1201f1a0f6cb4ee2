import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestMatching } from '../../src/metrics/hungarian.js';
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
