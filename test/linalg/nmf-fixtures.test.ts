import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nmf } from '../../src/cluster/nmf.js';
import { nmfRounds } from '../../src/linalg/nmf-step.js';
import { mulberry32 } from '../../src/util/random.js';
import { linalgFixture, maxRelativeDiff, referenceNmf } from './reference.js';

interface NmfFixture {
  rows: number;
  cols: number;
  rank: number;
  rounds: number;
  v: number[];
  w0: number[];
  h0: number[];
  w: number[];
  h: number[];
  error: number;
}

const fx = linalgFixture<NmfFixture>('nmf.json');

test('nmfRounds: 40 rounds from given factors equal scikit-learn multiplicative updates', async () => {
  const v = Float64Array.from(fx.v);
  let w: Float64Array = Float64Array.from(fx.w0);
  let h: Float64Array = Float64Array.from(fx.h0);
  let last = { cross: 0, quadratic: 0 };
  for (let done = 0; done < fx.rounds; done += 10) {
    const batch = await nmfRounds(v, w, h, fx.rows, fx.cols, fx.rank, 1e-300, 10);
    assert.equal(batch.w.length, 10);
    w = batch.w[9];
    h = batch.h[9];
    last = { cross: batch.cross[9], quadratic: batch.quadratic[9] };
  }
  assert.ok(maxRelativeDiff(w, fx.w) < 1e-10, 'W');
  assert.ok(maxRelativeDiff(h, fx.h) < 1e-10, 'H');
  const vv = fx.v.reduce((s, x) => s + x * x, 0);
  const expanded = Math.sqrt(vv - 2 * last.cross + last.quadratic);
  assert.ok(Math.abs(expanded - fx.error) < 1e-10 * fx.error, `${expanded} vs ${fx.error}`);
});

test('nmfRounds: one call of 40 rounds equals four calls of 10; the direct residual equals the expansion', async () => {
  const v = Float64Array.from(fx.v);
  const one = await nmfRounds(v, Float64Array.from(fx.w0), Float64Array.from(fx.h0), fx.rows, fx.cols, fx.rank, 1e-300, 40, true);
  assert.ok(maxRelativeDiff(one.w[39], fx.w) < 1e-10);
  const vv = fx.v.reduce((s, x) => s + x * x, 0);
  for (let r = 0; r < 40; r++) {
    const expanded = vv - 2 * one.cross[r] + one.quadratic[r];
    assert.ok(Math.abs(one.residual![r] - expanded) < 1e-10 * vv, `round ${r}`);
  }
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
