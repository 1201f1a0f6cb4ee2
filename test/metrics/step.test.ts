import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalParts, stepParts } from '../../src/metrics/step.js';

test('stepParts gives the RWC numerator against prev, the L1 norm of cur and the distances against init in one sweep', () => {
  const init = Float32Array.from([0, 1, -1]);
  const prev = Float32Array.from([1, -2, 3]);
  const cur = Float64Array.from([2, -2, 1]);
  // cur - prev = (1, 0, -2); |cur| = 5; cur - init = (2, -3, 2)
  assert.deepEqual(stepParts(init, prev, cur), { diff: 3, curNorm: 5, initL1: 7, initL2sq: 17 });
});

test('stepParts refuses arrays of different lengths', () => {
  assert.throws(() => stepParts(new Float32Array(2), new Float32Array(2), new Float32Array(3)), /length mismatch/);
});

test('finalParts counts changes per tolerance and gives the cosine terms in one sweep', () => {
  const init = Float32Array.from([0, 1, -1, 2, 5]);
  const last = Float64Array.from([0, 1.5, -1, 2.00001, NaN]);
  // |d| = 0, 0.5, 0, ~1e-5, NaN (never counted)
  const f = finalParts(init, last, [0, 1e-8, 1e-6, 1e-4, 1e-2]);
  assert.deepEqual(f.changed, [2, 2, 2, 1, 1]);
  const clean = finalParts(Float64Array.from([3, 0]), Float64Array.from([4, 2]), [0]);
  assert.deepEqual(clean, { changed: [2], dot: 12, initSq: 9, lastSq: 20 });
});
