import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nmf, nmfOfSigns } from '../../src/cluster/nmf.js';
import { releaseLinalgSessions, setLinalgThreads } from '../../src/linalg/matmul.js';
import { mulberry32 } from '../../src/util/random.js';
import { maxRelativeDiff, referenceNmf } from '../linalg/reference.js';

/** Row-major product of a (n x k) and b (k x m), written the plain way. */
function matmul(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) for (let r = 0; r < k; r++) out[i * m + j] += a[i * k + r] * b[r * m + j];
  return out;
}

function frobenius(x: Float64Array): number {
  return Math.hypot(...x);
}

test('the error never increases', async () => {
  const rnd = mulberry32(17);
  const rows = 15;
  const cols = 10;
  const v = Float64Array.from({ length: rows * cols }, () => rnd() * 5);
  const { errors } = await nmf(v, rows, cols, 4, { seed: 1, iterations: 400 });
  assert.equal(errors.length, 400);
  for (let t = 1; t < errors.length; t++) {
    assert.ok(errors[t] <= errors[t - 1] * (1 + 1e-9), `iteration ${t}: ${errors[t]} > ${errors[t - 1]}`);
  }
  assert.ok(errors[errors.length - 1] < errors[0]);
});

test('reported error is ||V - WH|| of the returned factors; output is non-negative', async () => {
  const rnd = mulberry32(4);
  const v = Float64Array.from({ length: 6 * 8 }, () => rnd());
  const { w, h, errors } = await nmf(v, 6, 8, 2, { seed: 2, iterations: 30 });
  const wh = matmul(w, h, 6, 2, 8);
  const expected = frobenius(v.map((x, k) => x - wh[k]));
  assert.ok(Math.abs(errors[errors.length - 1] - expected) < 1e-12 * expected);
  assert.ok(w.every((x) => x >= 0) && h.every((x) => x >= 0));
  assert.equal(w.length, 12);
  assert.equal(h.length, 16);
});

test('a planted rank-3 factorisation is recovered up to permutation and scale', async () => {
  // W0 (20 x 3) and H0 (3 x 12) contain pure rows/columns and zeros, which makes the factorisation unique.
  const rnd = mulberry32(99);
  const rows = 20;
  const cols = 12;
  const rank = 3;
  const w0 = new Float64Array(rows * rank);
  const h0 = new Float64Array(rank * cols);
  for (let i = 0; i < rows; i++) {
    for (let r = 0; r < rank; r++) w0[i * rank + r] = i < rank ? (i === r ? 1 : 0) : i % rank === r ? 0 : 0.2 + rnd();
  }
  for (let j = 0; j < cols; j++) {
    for (let r = 0; r < rank; r++) h0[r * cols + j] = j < rank ? (j === r ? 1 : 0) : j % rank === r ? 0 : 0.2 + rnd();
  }
  const v = matmul(w0, h0, rows, rank, cols);
  const { w, h, errors } = await nmf(v, rows, cols, rank, { seed: 5, iterations: 20000, tolerance: 1e-12 });
  const wh = matmul(w, h, rows, rank, cols);
  const relative = frobenius(v.map((x, k) => x - wh[k])) / frobenius(v);
  assert.ok(relative < 1e-3, `relative error ${relative}`);
  assert.ok(Math.abs(errors[errors.length - 1] / frobenius(v) - relative) < 1e-9);

  const column = (m: Float64Array, r: number) => {
    const c = Array.from({ length: rows }, (_, i) => m[i * rank + r]);
    const n = Math.hypot(...c);
    return c.map((x) => x / n);
  };
  const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  // Best of the 3! = 6 assignments of recovered columns to planted ones.
  const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  let best = -Infinity;
  for (const p of perms) best = Math.max(best, Math.min(...p.map((q, r) => cos(column(w, q), column(w0, r)))));
  assert.ok(best > 0.999, `worst column cosine ${best}`);
});

test('seeded: same seed same factors, different seed different start', async () => {
  const rnd = mulberry32(3);
  const v = Float64Array.from({ length: 30 }, () => rnd());
  const a = await nmf(v, 5, 6, 2, { seed: 7, iterations: 10 });
  const b = await nmf(v, 5, 6, 2, { seed: 7, iterations: 10 });
  const c = await nmf(v, 5, 6, 2, { seed: 8, iterations: 10 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.w, c.w);
});

test('zero matrix, tolerance stop, zero iterations', async () => {
  const zero = await nmf(new Float64Array(12), 3, 4, 2, { seed: 0, iterations: 50 });
  assert.deepEqual(zero.errors, [0]);
  const rnd = mulberry32(6);
  const v = Float64Array.from({ length: 40 }, () => rnd());
  const early = await nmf(v, 5, 8, 2, { seed: 0, iterations: 5000, tolerance: 1e-3 });
  assert.ok(early.errors.length < 5000);
  const last = early.errors.length - 1;
  assert.ok(early.errors[last - 1] - early.errors[last] < 1e-3 * early.errors[last - 1]);
  assert.deepEqual((await nmf(v, 5, 8, 2, { seed: 0, iterations: 0 })).errors, []);
});

test('invalid input throws', async () => {
  await assert.rejects(nmf(new Float64Array([1, -1]), 1, 2, 1, { seed: 0, iterations: 1 }), /non-negative/);
  await assert.rejects(nmf(new Float64Array([1, NaN]), 1, 2, 1, { seed: 0, iterations: 1 }), /non-negative/);
  await assert.rejects(nmf(new Float64Array(3), 2, 2, 1, { seed: 0, iterations: 1 }), /expected 4/);
  await assert.rejects(nmf(new Float64Array(4), 2, 2, 0, { seed: 0, iterations: 1 }), /rank/);
});

test('nmfOfSigns factorizes [max(X, 0) | max(-X, 0)] with rows (group, position): same as nmf of that matrix', async () => {
  const rnd = mulberry32(8);
  const [groups, channels, positions] = [5, 4, 3];
  const x = Float64Array.from({ length: groups * channels * positions }, () => rnd() * 2 - 1);
  x[7] = 0;
  const rows = groups * positions;
  const cols = 2 * channels;
  const v = new Float64Array(rows * cols);
  for (let g = 0; g < groups; g++) {
    for (let c = 0; c < channels; c++) {
      for (let p = 0; p < positions; p++) {
        const e = x[(g * channels + c) * positions + p];
        v[(g * positions + p) * cols + (e > 0 ? c : channels + c)] = Math.abs(e);
      }
    }
  }
  const opts = { seed: 4, iterations: 60, tolerance: 1e-6 };
  const direct = await nmf(v, rows, cols, 3, opts);
  const split = await nmfOfSigns(x, groups, channels, positions, 3, opts);
  assert.equal(split.errors.length, direct.errors.length);
  // Only the order in which the start's mean is summed differs.
  const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((e, k) => Math.abs(e - b[k]) <= 1e-12 * Math.abs(b[k]));
  assert.ok(close(split.w, direct.w) && close(split.h, direct.h) && close(split.errors, direct.errors));
  await assert.rejects(nmfOfSigns(Float32Array.from([1, NaN]), 1, 2, 1, 1, opts), /finite/);
  await assert.rejects(nmfOfSigns(new Float32Array(5), 1, 2, 3, 1, opts), /expected 6/);
});

test('float32 products: within 1e-5 of float64 on a float32-exact matrix, and the same bytes for any thread count', async () => {
  const rnd = mulberry32(21);
  const rows = 300;
  const cols = 120;
  const v32 = Float32Array.from({ length: rows * cols }, () => (rnd() < 0.5 ? 0 : rnd()));
  const opts = { seed: 1, iterations: 50 };
  const f64 = await nmf(Float64Array.from(v32), rows, cols, 3, opts);
  const runs = [];
  for (const threads of [1, 2, 3]) {
    await releaseLinalgSessions();
    setLinalgThreads(threads);
    runs.push(await nmf(v32, rows, cols, 3, opts));
  }
  await releaseLinalgSessions();
  setLinalgThreads(0);
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
  const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (e, k) => Math.abs(e - b[k]))) / Math.max(...Array.from(b));
  assert.ok(rel(runs[0].w, f64.w) < 1e-5 && rel(runs[0].h, f64.h) < 1e-5, `${rel(runs[0].w, f64.w)}`);
  assert.ok(Math.abs(runs[0].errors[49] - f64.errors[49]) < 1e-6 * f64.errors[49]);
});

test('nmf equals the JavaScript reference (same seeded start) on random matrices; batches do not change results', async () => {
  const rnd = mulberry32(12);
  for (const [rows, cols, rank, iterations] of [[30, 20, 3, 25], [9, 40, 2, 7], [64, 18, 3, 31]]) {
    const v = Float64Array.from({ length: rows * cols }, () => rnd() * 3);
    // The start nmf documents: uniform [0.01, 1.01) times sqrt(mean(V) / rank), W then H, from mulberry32(seed).
    const scale = Math.sqrt(v.reduce((s, x) => s + x, 0) / v.length / rank);
    const start = mulberry32(3);
    const w0 = Float64Array.from({ length: rows * rank }, () => scale * (0.01 + start()));
    const h0 = Float64Array.from({ length: rank * cols }, () => scale * (0.01 + start()));
    const expected = referenceNmf(v, w0, h0, rows, cols, rank, iterations);
    const got = await nmf(v, rows, cols, rank, { seed: 3, iterations });
    assert.equal(got.errors.length, iterations);
    assert.ok(maxRelativeDiff(got.w, expected.w) < 1e-9, `W ${rows}x${cols}`);
    assert.ok(maxRelativeDiff(got.h, expected.h) < 1e-9, `H ${rows}x${cols}`);
    assert.ok(maxRelativeDiff(got.errors, expected.errors) < 1e-10, `errors ${rows}x${cols}`);
  }
});
