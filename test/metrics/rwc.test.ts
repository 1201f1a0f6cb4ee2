import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  l1DiffAndNorm,
  meanRelativeFromParts,
  meanRelativeParts,
  rwcFromParts,
} from '../../src/metrics/rwc.js';

test('l1DiffAndNorm: hand-made tensor, both dtypes', () => {
  // prev [1,-2,3], cur [2,-2,1]: |diff| = 1 + 0 + 2 = 3, sum|prev| = 1 + 2 + 3 = 6.
  for (const Ctor of [Float32Array, Float64Array]) {
    const parts = l1DiffAndNorm(new Ctor([1, -2, 3]), new Ctor([2, -2, 1]));
    assert.deepEqual(parts, { diff: 3, norm: 6 });
    assert.equal(rwcFromParts([parts]), 0.5);
  }
});

test('l1DiffAndNorm: mixed float32 / float64 inputs', () => {
  const parts = l1DiffAndNorm(new Float32Array([0.5, -0.25]), new Float64Array([0.75, -1]));
  assert.deepEqual(parts, { diff: 0.25 + 0.75, norm: 0.75 });
});

test('rwcFromParts pools sums over tensors (not the mean of per-tensor ratios)', () => {
  // weight: diff 3 / norm 6; bias: diff 1 / norm 4 -> (3 + 1) / (6 + 4) = 0.4, not (0.5 + 0.25) / 2.
  assert.equal(rwcFromParts([{ diff: 3, norm: 6 }, { diff: 1, norm: 4 }]), 0.4);
});

test('rwcFromParts is null for a zero denominator or no parts', () => {
  const parts = l1DiffAndNorm(new Float32Array([0, 0]), new Float32Array([1, -1]));
  assert.deepEqual(parts, { diff: 2, norm: 0 });
  assert.equal(rwcFromParts([parts]), null);
  assert.equal(rwcFromParts([]), null);
});

test('l1DiffAndNorm accumulates in float64', () => {
  // 2^20 copies of float32(0.1): a float32 accumulator drifts by percent; float64 stays within ~1e-10.
  const n = 1 << 20;
  const prev = new Float32Array(n).fill(0.1);
  const cur = new Float32Array(n).fill(0.3);
  const { diff, norm } = l1DiffAndNorm(prev, cur);
  const expectedNorm = n * Math.fround(0.1);
  const expectedDiff = n * (Math.fround(0.3) - Math.fround(0.1));
  assert.ok(Math.abs(norm - expectedNorm) / expectedNorm < 1e-9, `norm ${norm} vs ${expectedNorm}`);
  assert.ok(Math.abs(diff - expectedDiff) / expectedDiff < 1e-9, `diff ${diff} vs ${expectedDiff}`);
});

test('l1DiffAndNorm throws on length mismatch', () => {
  assert.throws(() => l1DiffAndNorm(new Float32Array(3), new Float32Array(4)), /length mismatch/);
});

test('meanRelativeParts skips zeros of prev', () => {
  // prev [2, 0, -4, 1], cur [3, 5, -2, 1]: ratios 1/2, (skipped), 2/4, 0 -> sum 1, count 3, skipped 1.
  const parts = meanRelativeParts(new Float64Array([2, 0, -4, 1]), new Float64Array([3, 5, -2, 1]));
  assert.deepEqual(parts, { sum: 1, count: 3, skipped: 1 });
  assert.equal(meanRelativeFromParts([parts]), 1 / 3);
});

test('meanRelative equals the notebooks: inf replaced by the mean, then averaged', () => {
  const prev = [0.5, 0, -0.2, 0.1, 0, 3];
  const cur = [0.7, 0.1, -0.1, 0.4, 0, 2];
  // What the PyTorch code + notebook do: elementwise ratio (inf / NaN at prev == 0), non-finite -> mean of finite.
  const ratios = prev.map((p, i) => Math.abs(cur[i] - p) / Math.abs(p));
  const finite = ratios.filter(Number.isFinite);
  const finiteMean = finite.reduce((s, x) => s + x, 0) / finite.length;
  const replaced = ratios.map((r) => (Number.isFinite(r) ? r : finiteMean));
  const notebook = replaced.reduce((s, x) => s + x, 0) / replaced.length;
  const parts = meanRelativeParts(new Float64Array(prev), new Float64Array(cur));
  assert.equal(parts.skipped, 2);
  const ours = meanRelativeFromParts([parts]);
  assert.ok(ours !== null && Math.abs(ours - notebook) < 1e-12, `${ours} vs ${notebook}`);
});

test('meanRelativeFromParts pools over tensors; null when nothing counted', () => {
  // tensor 1: ratios 1, 3 (sum 4, count 2); tensor 2: ratio 1 (sum 1, count 1) -> 5 / 3.
  const a = meanRelativeParts(new Float32Array([1, 1]), new Float32Array([2, 4]));
  const b = meanRelativeParts(new Float32Array([2, 0]), new Float32Array([4, 7]));
  assert.deepEqual(a, { sum: 4, count: 2, skipped: 0 });
  assert.deepEqual(b, { sum: 1, count: 1, skipped: 1 });
  assert.equal(meanRelativeFromParts([a, b]), 5 / 3);
  const zeros = meanRelativeParts(new Float32Array([0, 0]), new Float32Array([1, 2]));
  assert.deepEqual(zeros, { sum: 0, count: 0, skipped: 2 });
  assert.equal(meanRelativeFromParts([zeros]), null);
  assert.throws(() => meanRelativeParts(new Float32Array(1), new Float32Array(2)), /length mismatch/);
});
