import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossCorrelation, rowCorrelation } from '../../src/metrics/correlation.js';
import { mulberry32 } from '../../src/util/random.js';
import { linalgFixture, maxRelativeDiff, referenceRowCorrelation } from './reference.js';

interface CorrelationFixture {
  rows: number;
  cols: number;
  x: number[];
  corr: number[];
  rowsA: number;
  rowsB: number;
  a: number[];
  b: number[];
  cross: number[];
}

const fx = linalgFixture<CorrelationFixture>('correlation.json');

test('rowCorrelation equals np.corrcoef (constant row: 0 off the diagonal), float32 and float64 input', async () => {
  for (const data of [Float64Array.from(fx.x), Float32Array.from(fx.x)]) {
    const got = await rowCorrelation(data, fx.rows, fx.cols);
    assert.ok(maxRelativeDiff(got, fx.corr) < 1e-12);
  }
});

test('rowCorrelation in blocks (the upper block triangle mirrored) equals the single product, exactly symmetric', async () => {
  const data = Float64Array.from(fx.x);
  for (const block of [1, 2, 4, 8]) {
    const got = await rowCorrelation(data, fx.rows, fx.cols, block);
    assert.ok(maxRelativeDiff(got, fx.corr) < 1e-12, `block ${block}`);
    for (let i = 0; i < fx.rows; i++) for (let j = 0; j < fx.rows; j++) assert.equal(got[i * fx.rows + j], got[j * fx.rows + i]);
  }
});

test('crossCorrelation equals the cross block of np.corrcoef', async () => {
  const got = await crossCorrelation(Float32Array.from(fx.a), fx.rowsA, Float64Array.from(fx.b), fx.rowsB, fx.cols);
  assert.ok(maxRelativeDiff(got, fx.cross) < 1e-12);
});

test('rowCorrelation equals the two-pass JavaScript reference on random matrices, and is deterministic', async () => {
  const rnd = mulberry32(5);
  for (const [rows, cols, block] of [[40, 30, 16], [130, 7, 64], [3, 500, 1024]]) {
    const data = Float32Array.from({ length: rows * cols }, () => rnd() * 2 - 1);
    const got = await rowCorrelation(data, rows, cols, block);
    assert.ok(maxRelativeDiff(got, referenceRowCorrelation(data, rows, cols)) < 1e-12, `${rows}x${cols}`);
    assert.deepEqual(await rowCorrelation(data, rows, cols, block), got);
  }
});
