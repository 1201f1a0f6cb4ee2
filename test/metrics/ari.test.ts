import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex } from '../../src/metrics/ari.js';

test('identical and relabelled partitions give 1', () => {
  assert.equal(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2]), 1);
  assert.equal(adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, 3, 3, 9]), 1);
});

test('textbook example worked by hand', () => {
  // a = [0,0,0,1,1,1], b = [0,0,1,1,2,2].
  // Contingency: a0 -> (b0: 2, b1: 1), a1 -> (b1: 1, b2: 2); sum C(n_ij, 2) = 1 + 0 + 0 + 1 = 2.
  // Row sums 3, 3: sum C = 3 + 3 = 6. Column sums 2, 2, 2: sum C = 3. C(6, 2) = 15.
  // Expected index = 6 * 3 / 15 = 1.2; max index = (6 + 3) / 2 = 4.5; ARI = (2 - 1.2) / (4.5 - 1.2) = 8 / 33.
  const ari = adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]);
  assert.ok(Math.abs(ari - 8 / 33) < 1e-15, `${ari}`);
});

test('crossing partitions are below chance', () => {
  // a = [0,0,1,1], b = [0,1,0,1]: every cell 1 -> index 0; sums 2 and 2; C(4,2) = 6.
  // Expected = 2 * 2 / 6 = 2/3, max = 2, ARI = (0 - 2/3) / (2 - 2/3) = -1/2.
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]) + 0.5) < 1e-15);
});

test('degenerate cases', () => {
  assert.equal(adjustedRandIndex([], []), 1);
  assert.equal(adjustedRandIndex([3], [4]), 1);
  assert.equal(adjustedRandIndex([1, 1, 1], [2, 2, 2]), 1); // both one cluster
  assert.equal(adjustedRandIndex([0, 1, 2], [2, 0, 1]), 1); // both all singletons
  // One cluster vs all singletons: index 0, expected 0, max = (3 + 0) / 2 -> 0.
  assert.equal(adjustedRandIndex([0, 0, 0], [0, 1, 2]), 0);
  assert.throws(() => adjustedRandIndex([0, 1], [0]), /length mismatch/);
});
