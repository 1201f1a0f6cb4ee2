import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnCorrelation, crossCorrelation, rowCorrelation } from '../../src/metrics/correlation.js';
import { transposed } from '../../src/linalg/transpose.js';
import { mulberry32 } from '../../src/util/random.js';
import { releaseLinalgSessions, setLinalgThreads } from '../../src/linalg/matmul.js';
import { linalgFixture, maxRelativeDiff, referenceRowCorrelation } from '../linalg/reference.js';

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

test('columnCorrelation of the stored transpose equals np.corrcoef of the rows, and rowCorrelation value for value', async () => {
  for (const data of [Float64Array.from(fx.x), Float32Array.from(fx.x)]) {
    const stored = transposed(data, fx.rows, fx.cols); // cols x rows: one feature per column
    for (const block of [2, 256]) {
      const got = await columnCorrelation(stored, fx.cols, fx.rows, block);
      assert.ok(maxRelativeDiff(got, fx.corr) < 1e-12, `block ${block}`);
      assert.deepEqual(got, await rowCorrelation(data, fx.rows, fx.cols, block));
    }
    const f32 = await columnCorrelation(stored, fx.cols, fx.rows, 3, 'float32');
    assert.deepEqual(f32, await rowCorrelation(data, fx.rows, fx.cols, 3, 'float32'));
  }
  await assert.rejects(columnCorrelation(new Float32Array(7), 2, 4), /columnCorrelation: expected 2 x 4/);
});

test('rowCorrelation does not depend on the panel height or the thread count', async () => {
  const rnd = mulberry32(9);
  const rows = 70;
  const cols = 33;
  const data = Float32Array.from({ length: rows * cols }, () => rnd() * 2 - 1);
  const reference = await rowCorrelation(data, rows, cols, rows);
  for (const block of [1, 7, 64]) assert.deepEqual(await rowCorrelation(data, rows, cols, block), reference, `block ${block}`);
  await releaseLinalgSessions();
  setLinalgThreads(1);
  const one = await rowCorrelation(data, rows, cols, 16, 'float32');
  await releaseLinalgSessions();
  setLinalgThreads(3);
  const three = await rowCorrelation(data, rows, cols, 16, 'float32');
  await releaseLinalgSessions();
  setLinalgThreads(0);
  assert.deepEqual(one, three);
});
