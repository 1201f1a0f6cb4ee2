import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveSeeds, mulberry32, mulberry32U32, normalSampler } from '../../src/util/random.js';

test('mulberry32 is reproducible and seed-dependent', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const c = mulberry32(43);
  const sa = Array.from({ length: 20 }, () => a());
  const sb = Array.from({ length: 20 }, () => b());
  const sc = Array.from({ length: 20 }, () => c());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('mulberry32 is roughly uniform on [0, 1)', () => {
  const next = mulberry32(1);
  const n = 20000;
  const bins = new Array<number>(10).fill(0);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = next();
    assert.ok(x >= 0 && x < 1);
    bins[Math.floor(x * 10)]++;
    sum += x;
  }
  // Mean of U(0,1) is 1/2 with standard error sqrt(1/12 / n) ~ 0.002; each bin expects n/10 = 2000 (sd ~ 42).
  assert.ok(Math.abs(sum / n - 0.5) < 0.01);
  for (const count of bins) assert.ok(Math.abs(count - n / 10) < 250, `bin count ${count}`);
});

test('deriveSeeds gives reproducible distinct uint32 seeds', () => {
  const seeds = deriveSeeds(9, 50);
  assert.deepEqual(seeds, deriveSeeds(9, 50));
  assert.equal(new Set(seeds).size, 50);
  for (const s of seeds) assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32);
  assert.notDeepEqual(seeds, deriveSeeds(10, 50));
});

test('mulberry32 matches the reference algorithm (values computed independently in Python)', () => {
  const u32 = mulberry32U32(42);
  assert.deepEqual([u32(), u32(), u32()], [2581720956, 1925393290, 3661312704]);
  const f = mulberry32(42);
  assert.equal(f(), 2581720956 / 2 ** 32);
});

test('normalSampler gives standard normals: mean 0, variance 1, both values of a pair used', () => {
  const uniform = mulberry32(5);
  const normal = normalSampler(uniform);
  const n = 20000;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = normal();
    sum += x;
    sq += x * x;
  }
  // Standard errors: mean sqrt(1/n) ~ 0.007, variance sqrt(2/n) ~ 0.01.
  assert.ok(Math.abs(sum / n) < 0.035, `mean ${sum / n}`);
  assert.ok(Math.abs(sq / n - 1) < 0.05, `variance ${sq / n}`);
  // n normals consumed exactly n uniforms (pairs): the next uniform is the (n+1)-th of a fresh stream.
  const fresh = mulberry32(5);
  for (let i = 0; i < n; i++) fresh();
  assert.equal(uniform(), fresh());
});
