import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countChanged } from '../../src/metrics/changed.js';
import { mulberry32 } from '../../src/util/random.js';

const TOLS = [0, 1e-8, 1e-6, 1e-4, 1e-2];

test('countChanged on hand-made differences', () => {
  const init = new Float64Array([0, 0, 0, 0, 0, 5]);
  const final = new Float64Array([0, 1e-9, -1e-7, 1e-3, 1, 5]);
  // |d| = 0, 1e-9, 1e-7, 1e-3, 1, 0
  // > 0: four; > 1e-8: 1e-7, 1e-3, 1; > 1e-6: 1e-3, 1; > 1e-4: 1e-3, 1; > 1e-2: 1.
  assert.deepEqual(countChanged(init, final, TOLS), [4, 3, 2, 2, 1]);
});

test('countChanged is strict (a change equal to the tolerance does not count)', () => {
  assert.deepEqual(countChanged(new Float64Array([0, 1]), new Float64Array([0.5, 1.5]), [0.5, 0.25]), [0, 2]);
});

test('countChanged agrees with a per-tolerance filter on float32 data', () => {
  const rnd = mulberry32(3);
  const n = 5000;
  const init = new Float32Array(n);
  const final = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    init[i] = rnd() - 0.5;
    final[i] = rnd() < 0.3 ? init[i] : init[i] + (rnd() - 0.5) * 10 ** -Math.floor(rnd() * 8);
  }
  const expected = TOLS.map((t) => Array.from(init).filter((x, i) => Math.abs(final[i] - x) > t).length);
  assert.deepEqual(countChanged(init, final, TOLS), expected);
  assert.deepEqual(countChanged(init, final, []), []);
  assert.throws(() => countChanged(init, new Float32Array(1), TOLS), /length mismatch/);
});

test('countChanged keeps the order of unsorted tolerances', () => {
  // |d| = 0.5, 0.05, 0.005: > 0.01 -> 2, > 0 -> 3, > 0.1 -> 1.
  assert.deepEqual(countChanged(new Float32Array([0, 0, 0]), new Float32Array([0.5, -0.05, 0.005]), [0.01, 0, 0.1]), [2, 3, 1]);
});
