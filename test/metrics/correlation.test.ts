import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossCorrelation, meanAbsOffDiagonal, rowCorrelation } from '../../src/metrics/correlation.js';
import { mulberry32 } from '../../src/util/random.js';

function close(actual: number, expected: number, eps = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} vs ${expected}`);
}

// x = [1,2,3,4,5], y = [2,4,5,4,5]: dx = [-2,-1,0,1,2], dy = [-2,0,1,0,1],
// sum dx dy = 4 + 2 = 6, sum dx^2 = 10, sum dy^2 = 6, r = 6 / sqrt(60).
const X = [1, 2, 3, 4, 5];
const Y = [2, 4, 5, 4, 5];
const Z = [5, 4, 3, 2, 1]; // r(x, z) = -1, r(y, z) = -r(x, y)
const C = [7, 7, 7, 7, 7]; // constant
const R = 6 / Math.sqrt(60);

test('rowCorrelation: Pearson hand example with a constant row', async () => {
  const corr = await rowCorrelation(new Float32Array([...X, ...Y, ...Z, ...C]), 4, 5);
  const expected = [
    [1, R, -1, 0],
    [R, 1, -R, 0],
    [-1, -R, 1, 0],
    [0, 0, 0, 1],
  ];
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) close(corr[i * 4 + j], expected[i][j]);
  // Off-diagonal |r|: pairs (x,y) R, (x,z) 1, (y,z) R, three zeros; each counted twice over 12 entries.
  close(meanAbsOffDiagonal(corr, 4)!, (2 * (R + 1 + R)) / 12);
});

test('rowCorrelation agrees with a two-pass Pearson on random rows', async () => {
  const rnd = mulberry32(11);
  const rows = 6;
  const cols = 40;
  const data = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rnd() * 4 - 2));
  const pearson = (a: number[], b: number[]): number => {
    const ma = a.reduce((s, v) => s + v, 0) / a.length;
    const mb = b.reduce((s, v) => s + v, 0) / b.length;
    let num = 0;
    let va = 0;
    let vb = 0;
    a.forEach((v, i) => {
      num += (v - ma) * (b[i] - mb);
      va += (v - ma) ** 2;
      vb += (b[i] - mb) ** 2;
    });
    return num / Math.sqrt(va * vb);
  };
  const corr = await rowCorrelation(new Float64Array(data.flat()), rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < rows; j++) close(corr[i * rows + j], i === j ? 1 : pearson(data[i], data[j]));
  }
});

test('crossCorrelation between rows of two matrices', async () => {
  const corr = await crossCorrelation(new Float64Array([...X, ...Z]), 2, new Float32Array([...Y, ...C, ...X]), 3, 5);
  const expected = [R, 0, 1, -R, 0, -1];
  assert.equal(corr.length, 6);
  expected.forEach((e, k) => close(corr[k], e));
});

test('meanAbsOffDiagonal skips NaN and infinite entries, is null without any; shape errors throw', async () => {
  assert.equal(meanAbsOffDiagonal(new Float64Array([1]), 1), null);
  assert.equal(meanAbsOffDiagonal(new Float64Array([]), 0), null);
  assert.equal(meanAbsOffDiagonal(new Float64Array([1, NaN, Infinity, 1]), 2), null);
  // Rows [1, -0.5, NaN], [0.25, 7, 1], [1, NaN, 1]: finite off-diagonal entries -0.5, 0.25, 1, 1 (7 is diagonal).
  const m = [1, -0.5, NaN, 0.25, 7, 1, 1, NaN, 1];
  close(meanAbsOffDiagonal(m, 3)!, (0.5 + 0.25 + 1 + 1) / 4);
  await assert.rejects(rowCorrelation(new Float32Array(7), 2, 4), /expected 2 x 4/);
  await assert.rejects(crossCorrelation(new Float32Array(8), 2, new Float32Array(9), 2, 4), /expected 2 x 4/);
  assert.throws(() => meanAbsOffDiagonal(new Float64Array(5), 2), /expected 2 x 2/);
});

test('rowCorrelation in float32 stays within 1e-5 of float64 (the large-layer path)', async () => {
  const random = mulberry32(3);
  const rand = () => random() * 2 - 1;
  const rows = 40;
  const cols = 300;
  const data = Float32Array.from({ length: rows * cols }, rand);
  const f64 = await rowCorrelation(data, rows, cols, 16);
  const f32 = await rowCorrelation(data, rows, cols, 16, 'float32');
  assert.ok(f32 instanceof Float32Array);
  let worst = 0;
  for (let i = 0; i < f64.length; i++) worst = Math.max(worst, Math.abs(f64[i]! - f32[i]!));
  assert.ok(worst < 1e-5, `max |float32 - float64| = ${worst}`);
  for (let i = 0; i < rows; i++) assert.equal(f32[i * rows + i], 1);
});
