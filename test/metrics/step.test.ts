import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepParts } from '../../src/metrics/step.js';

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
