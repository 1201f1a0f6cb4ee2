import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matmulTransB, releaseLinalgSessions, setLinalgThreads } from '../../src/linalg/matmul.js';
import { mulberry32 } from '../../src/util/random.js';
import { maxRelativeDiff, referenceMatmulTransB } from './reference.js';

function random(n: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  return Float64Array.from({ length: n }, () => rnd() * 2 - 1);
}

test('matmulTransB equals the triple loop in float64 and float32, on whole arrays and subarrays', async () => {
  for (const [m, n, k, seed] of [[7, 5, 3, 1], [33, 17, 64, 2], [1, 9, 1, 3], [50, 50, 200, 4]]) {
    const a = random(m * k, seed);
    const b = random(n * k, seed + 100);
    const expected = referenceMatmulTransB(a, m, b, n, k);
    const c64 = await matmulTransB(a, m, b, n, k);
    assert.ok(c64 instanceof Float64Array);
    assert.ok(maxRelativeDiff(c64, expected) < 1e-13, `float64 ${m}x${n}x${k}`);
    const c32 = await matmulTransB(Float32Array.from(a), m, Float32Array.from(b), n, k);
    assert.ok(c32 instanceof Float32Array);
    assert.ok(maxRelativeDiff(c32, expected) < 1e-5, `float32 ${m}x${n}x${k}`);
  }
  // Rows 2..4 of a 6-row buffer: the tensor must start at the subarray's offset, not at the buffer's start.
  const big = random(6 * 4, 9);
  const part = big.subarray(2 * 4, 5 * 4);
  const got = await matmulTransB(part, 3, big.subarray(0, 4), 1, 4);
  assert.deepEqual([...got].map((x) => x.toFixed(12)), [...referenceMatmulTransB(part, 3, big.subarray(0, 4), 1, 4)].map((x) => x.toFixed(12)));
});

test('matmulTransB: empty shapes, size and type errors', async () => {
  assert.deepEqual([...(await matmulTransB(new Float64Array(0), 0, new Float64Array(6), 2, 3))], []);
  assert.deepEqual([...(await matmulTransB(new Float64Array(0), 2, new Float64Array(0), 3, 0))], [0, 0, 0, 0, 0, 0]);
  await assert.rejects(matmulTransB(new Float64Array(5), 2, new Float64Array(6), 2, 3), /matmulTransB \(A\): expected 2 x 3/);
  const mixed = new Float32Array(6) as unknown as Float64Array;
  await assert.rejects(matmulTransB(new Float64Array(6), 2, mixed, 2, 3), /same element type/);
});

test('results do not depend on the thread count', async () => {
  const m = 300;
  const k = 700;
  const a = random(m * k, 21);
  await releaseLinalgSessions();
  setLinalgThreads(1);
  const one = await matmulTransB(a, m, a, m, k);
  await releaseLinalgSessions();
  setLinalgThreads(4);
  const four = await matmulTransB(a, m, a, m, k);
  await releaseLinalgSessions();
  setLinalgThreads(0);
  assert.deepEqual(Buffer.from(one.buffer, one.byteOffset, one.byteLength), Buffer.from(four.buffer, four.byteOffset, four.byteLength));
  assert.throws(() => setLinalgThreads(-1), /non-negative integer/);
});
