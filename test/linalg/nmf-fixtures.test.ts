import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nmfLoop } from '../../src/linalg/nmf-step.js';
import { linalgFixture, maxRelativeDiff } from './reference.js';

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

const source = (v: Float32Array | Float64Array) => ({ kind: 'matrix' as const, v, rows: fx.rows, cols: fx.cols });
const run = (v: Float32Array | Float64Array, w: Float64Array, h: Float64Array, rounds: number, direct = false) =>
  nmfLoop(source(v), w, h, fx.rank, {
    rounds, vv: fx.v.reduce((s, x) => s + x * x, 0), eps: 1e-300, tolerance: -Infinity, floor: -Infinity, previous: Infinity, direct,
  });

test('nmfLoop: 40 rounds from given factors equal scikit-learn multiplicative updates', async () => {
  const got = await run(Float64Array.from(fx.v), Float64Array.from(fx.w0), Float64Array.from(fx.h0), fx.rounds);
  assert.equal(got.squared.length, fx.rounds);
  assert.ok(maxRelativeDiff(got.w, fx.w) < 1e-10, 'W');
  assert.ok(maxRelativeDiff(got.h, fx.h) < 1e-10, 'H');
  const expanded = Math.sqrt(got.squared[fx.rounds - 1]);
  assert.ok(Math.abs(expanded - fx.error) < 1e-10 * fx.error, `${expanded} vs ${fx.error}`);
});

test('nmfLoop with float32 products stays within 1e-5 of scikit-learn (float64)', async () => {
  // fx.v is float32-representable, so V itself is exact; only the products are rounded.
  const got = await run(Float32Array.from(fx.v), Float64Array.from(fx.w0), Float64Array.from(fx.h0), fx.rounds);
  assert.ok(maxRelativeDiff(got.w, fx.w) < 1e-5, `W ${maxRelativeDiff(got.w, fx.w)}`);
  assert.ok(maxRelativeDiff(got.h, fx.h) < 1e-5, `H ${maxRelativeDiff(got.h, fx.h)}`);
  const error = Math.sqrt(got.squared[fx.rounds - 1]);
  assert.ok(Math.abs(error - fx.error) < 1e-6 * fx.error, `${error} vs ${fx.error}`);
});

test('nmfLoop: one call of 40 rounds equals four calls of 10; the direct residual equals the expansion', async () => {
  const v = Float64Array.from(fx.v);
  const one = await run(v, Float64Array.from(fx.w0), Float64Array.from(fx.h0), 40);
  let w: Float64Array = Float64Array.from(fx.w0);
  let h: Float64Array = Float64Array.from(fx.h0);
  for (let done = 0; done < 40; done += 10) ({ w, h } = await run(v, w, h, 10));
  assert.deepEqual(w, one.w);
  assert.deepEqual(h, one.h);
  const direct = await run(v, Float64Array.from(fx.w0), Float64Array.from(fx.h0), 40, true);
  assert.deepEqual(direct.w, one.w);
  const vv = fx.v.reduce((s, x) => s + x * x, 0);
  for (let r = 0; r < 40; r++) {
    const expanded = vv - 2 * one.cross[r] + one.quadratic[r];
    assert.equal(one.squared[r], expanded);
    assert.ok(Math.abs(direct.squared[r] - expanded) < 1e-10 * vv, `round ${r}`);
  }
});

/** The matrix fixture's fields, with V formed from the conv weight x ([groups][channels][positions]). */
interface SignsFixture extends Omit<NmfFixture, 'rows' | 'cols'> {
  groups: number;
  channels: number;
  positions: number;
  x: number[];
}

const sx = linalgFixture<SignsFixture>('nmf-signs.json');

test('nmfLoop on the sign split of a conv weight: the matrix numpy forms, the factors scikit-learn reaches', async () => {
  const vv = sx.v.reduce((s, e) => s + e * e, 0);
  const opts = { rounds: sx.rounds, vv, eps: 1e-300, tolerance: -Infinity, floor: -Infinity, previous: Infinity, direct: false };
  for (const [x, tolerance] of [[Float64Array.from(sx.x), 1e-10], [Float32Array.from(sx.x), 1e-5]] as const) {
    const source = { kind: 'signs' as const, x, groups: sx.groups, channels: sx.channels, positions: sx.positions };
    const got = await nmfLoop(source, Float64Array.from(sx.w0), Float64Array.from(sx.h0), sx.rank, opts);
    assert.ok(maxRelativeDiff(got.w, sx.w) < tolerance, `W ${x.constructor.name}: ${maxRelativeDiff(got.w, sx.w)}`);
    assert.ok(maxRelativeDiff(got.h, sx.h) < tolerance, `H ${x.constructor.name}`);
    assert.ok(Math.abs(Math.sqrt(got.squared[sx.rounds - 1]) - sx.error) < tolerance * sx.error, `error ${x.constructor.name}`);
    // The direct residual forms V in the graph too: it must be numpy's V.
    const direct = await nmfLoop(source, Float64Array.from(sx.w0), Float64Array.from(sx.h0), sx.rank, { ...opts, rounds: 1, direct: true });
    const expanded = vv - 2 * direct.cross[0] + direct.quadratic[0];
    assert.ok(Math.abs(direct.squared[0] - expanded) < tolerance * vv, `direct ${x.constructor.name}`);
  }
});
