import { test } from 'node:test';
import assert from 'node:assert/strict';
import { l1Gap, seriesCorrelation } from '../../src/diff/series.js';

test('l1Gap sums |a_t - b_t| over the transitions where both are defined', () => {
  assert.equal(l1Gap([1, 2, 3], [2, 4, 7]), 1 + 2 + 4);
  assert.equal(l1Gap([1, null, 3], [2, 5, 0.5]), 1 + 2.5);
  assert.equal(l1Gap([0.5, 0.25], [0.5, 0.25]), 0);
  assert.equal(l1Gap([null, 1], [1, null]), null, 'no common transition');
  assert.equal(l1Gap([], []), null);
  assert.throws(() => l1Gap([1], [1, 2]), /lengths differ/);
});

test('seriesCorrelation is Pearson r of the common values', () => {
  // x - mean = (-1, 0, 1), y - mean = (-7/3, -1/3, 8/3): r = 5 / sqrt(2 * 114/9) = 15 / sqrt(228)
  const r = seriesCorrelation([1, 2, 3], [2, 4, 7]);
  assert.ok(r !== null && Math.abs(r - 15 / Math.sqrt(228)) < 1e-15, String(r));
  const anti = seriesCorrelation([1, 2, 3], [3, 2, 1]);
  assert.ok(anti !== null && Math.abs(anti + 1) < 1e-15, String(anti));
  // The null transition is left out: r of (1, 3) and (10, 30) over two points is 1.
  const two = seriesCorrelation([1, 2, 3], [10, null, 30]);
  assert.ok(two !== null && Math.abs(two - 1) < 1e-15, String(two));
});

test('seriesCorrelation is null where undefined: constant series, fewer than two points', () => {
  assert.equal(seriesCorrelation([0.1, 0.1, 0.1], [1, 2, 3]), null, 'a constant series has no variance');
  assert.equal(seriesCorrelation([1, 2, 3], [0.3, 0.3, 0.3]), null);
  assert.equal(seriesCorrelation([1, null], [2, 3]), null, 'one common point');
  assert.equal(seriesCorrelation([], []), null);
});
