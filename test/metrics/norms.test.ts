import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosineSimilarity, diffNorms, dot, norms } from '../../src/metrics/norms.js';
import { mulberry32 } from '../../src/util/random.js';

test('diffNorms and norms on hand-made vectors', () => {
  // b - a = [3, -2, 0]: L1 5, squared L2 9 + 4 = 13.
  assert.deepEqual(diffNorms(new Float64Array([1, 2, 3]), new Float32Array([4, 0, 3])), { l1: 5, l2sq: 13 });
  assert.deepEqual(norms(new Float32Array([3, -4])), { l1: 7, l2sq: 25 });
  assert.deepEqual(norms(new Float32Array(0)), { l1: 0, l2sq: 0 });
});

test('dot on a hand-made pair', () => {
  assert.equal(dot(new Float32Array([1, 2, 3]), new Float64Array([4, -5, 6])), 4 - 10 + 18);
});

test('cosineSimilarity closed forms', () => {
  assert.equal(cosineSimilarity(new Float64Array([1, 0]), new Float64Array([0, 1])), 0);
  assert.equal(cosineSimilarity(new Float64Array([1, 2]), new Float64Array([2, 4])), 1);
  assert.equal(cosineSimilarity(new Float64Array([1, 2]), new Float64Array([-1, -2])), -1);
  // (3,4).(4,3) = 24, |.| = 5 each.
  assert.equal(cosineSimilarity(new Float64Array([3, 4]), new Float64Array([4, 3])), 24 / 25);
  assert.equal(cosineSimilarity(new Float64Array([0, 0]), new Float64Array([1, 2])), null);
  assert.equal(cosineSimilarity(new Float64Array([1, 2]), new Float64Array([0, 0])), null);
});

test('norms and cosine agree with an independent computation on random data', () => {
  const rnd = mulberry32(7);
  const a = Array.from({ length: 1000 }, () => rnd() * 2 - 1);
  const b = Array.from({ length: 1000 }, () => rnd() * 2 - 1);
  const fa = new Float64Array(a);
  const fb = new Float64Array(b);
  const expectedCos = a.reduce((s, x, i) => s + x * b[i], 0) / (Math.hypot(...a) * Math.hypot(...b));
  const cos = cosineSimilarity(fa, fb);
  assert.ok(cos !== null && Math.abs(cos - expectedCos) < 1e-12);
  const d = diffNorms(fa, fb);
  assert.ok(Math.abs(Math.sqrt(d.l2sq) - Math.hypot(...b.map((x, i) => x - a[i]))) < 1e-12);
  assert.ok(Math.abs(d.l1 - b.reduce((s, x, i) => s + Math.abs(x - a[i]), 0)) < 1e-10);
});

test('length mismatch throws', () => {
  assert.throws(() => diffNorms(new Float32Array(2), new Float32Array(3)), /length mismatch/);
  assert.throws(() => dot(new Float32Array(2), new Float32Array(3)), /length mismatch/);
  assert.throws(() => cosineSimilarity(new Float32Array(2), new Float32Array(3)), /length mismatch/);
});
