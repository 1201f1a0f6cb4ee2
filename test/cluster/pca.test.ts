import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pca2 } from '../../src/cluster/pca.js';
import { mulberry32 } from '../../src/util/random.js';

function close(actual: number, expected: number, eps = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} vs ${expected}`);
}

test('points on a line: one component explains everything, coordinates follow the position', () => {
  // x_i = c + t_i d with |d| = 3; mean t = (-2 + 0 + 1 + 3 + 7) / 5 = 1.8.
  // First coordinate = +-3 (t_i - 1.8); the first point (t = -2) must come out positive, so -3 (t_i - 1.8).
  const d = [1, 2, 2];
  const c = [5, -1, 0];
  const t = [-2, 0, 1, 3, 7];
  const m = t.map((ti) => c.map((cj, j) => cj + ti * d[j]));
  const { points, explainedVariance } = pca2(m);
  close(explainedVariance[0], 1);
  assert.equal(explainedVariance[1], 0);
  t.forEach((ti, i) => {
    close(points[i][0], -3 * (ti - 1.8));
    assert.equal(points[i][1], 0);
  });
});

test('ellipse along the diagonals: known axes, variances and signs', () => {
  // Points 3u, -3u, v, -v with u = (1,1)/sqrt2, v = (1,-1)/sqrt2, shifted by (10, 20) (centred away).
  // Total sum of squares 9 + 9 + 1 + 1 = 20: fractions 18/20 and 2/20.
  // Component 1: coordinates 3, -3, 0, 0 (first nonzero, point 0, positive).
  // Component 2: 0, 0, 1, -1 (first nonzero is point 2, positive).
  const s = Math.SQRT1_2;
  const m = [
    [10 + 3 * s, 20 + 3 * s],
    [10 - 3 * s, 20 - 3 * s],
    [10 + s, 20 - s],
    [10 - s, 20 + s],
  ];
  const { points, explainedVariance } = pca2(m);
  close(explainedVariance[0], 0.9);
  close(explainedVariance[1], 0.1);
  const expected = [[3, 0], [-3, 0], [0, 1], [0, -1]];
  points.forEach((p, i) => {
    close(p[0], expected[i][0]);
    close(p[1], expected[i][1]);
  });
});

test('two columns: PCA is a rotation, so pairwise distances are preserved and variance adds up to 1', () => {
  const rnd = mulberry32(8);
  const m = Array.from({ length: 12 }, () => [rnd() * 3, rnd() - 0.5 + 0.0]);
  const { points, explainedVariance } = pca2(m);
  close(explainedVariance[0] + explainedVariance[1], 1);
  assert.ok(explainedVariance[0] >= explainedVariance[1]);
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < m.length; j++) {
      close(Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]),
        Math.hypot(m[i][0] - m[j][0], m[i][1] - m[j][1]));
    }
  }
  // Coordinates are centred, and the first component's coordinates are uncorrelated with the second's.
  close(points.reduce((a, p) => a + p[0], 0), 0);
  close(points.reduce((a, p) => a + p[0] * p[1], 0), 0);
});

test('many columns: explained variance matches eigenvalues found by power iteration', () => {
  const rnd = mulberry32(21);
  const n = 9;
  const p = 6;
  const m = Array.from({ length: n }, () => Array.from({ length: p }, () => rnd()));
  const means = m[0].map((_, j) => m.reduce((a, row) => a + row[j], 0) / n);
  const x = m.map((row) => row.map((v, j) => v - means[j]));
  // Scatter matrix S = X^T X; its trace is the total sum of squares.
  const s = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) => x.reduce((acc, row) => acc + row[a] * row[b], 0)));
  const trace = s.reduce((acc, row, a) => acc + row[a], 0);
  const topEigen = (mat: number[][]): { value: number; vector: number[] } => {
    let v = mat.map((_, i) => 1 + i * 0.1);
    let value = 0;
    for (let it = 0; it < 5000; it++) {
      const w = mat.map((row) => row.reduce((acc, e, j) => acc + e * v[j], 0));
      const norm = Math.hypot(...w);
      value = norm;
      v = w.map((e) => e / norm);
    }
    return { value, vector: v };
  };
  const first = topEigen(s);
  const deflated = s.map((row, a) => row.map((e, b) => e - first.value * first.vector[a] * first.vector[b]));
  const second = topEigen(deflated);
  const { points, explainedVariance } = pca2(m);
  close(explainedVariance[0], first.value / trace, 1e-8);
  close(explainedVariance[1], second.value / trace, 1e-8);
  // |first coordinate| = |x_i . u1|, |second| = |x_i . u2| (signs fixed by the convention, not by power iteration).
  x.forEach((row, i) => {
    close(Math.abs(points[i][0]), Math.abs(row.reduce((acc, e, j) => acc + e * first.vector[j], 0)), 1e-8);
    close(Math.abs(points[i][1]), Math.abs(row.reduce((acc, e, j) => acc + e * second.vector[j], 0)), 1e-8);
  });
  const firstNonzero = points.find((pt) => Math.abs(pt[0]) > 1e-9);
  assert.ok(firstNonzero !== undefined && firstNonzero[0] > 0);
});

test('one column, two rows of many columns, one row, constant and empty data', () => {
  // One column [1, 2, 4]: mean 7/3, centred -4/3, -1/3, 5/3; first point must be positive -> flipped.
  const one = pca2([[1], [2], [4]]);
  [4 / 3, 1 / 3, -5 / 3].forEach((x, i) => {
    close(one.points[i][0], x);
    assert.equal(one.points[i][1], 0);
  });
  assert.deepEqual(one.explainedVariance.map((v) => Math.round(v * 1e12) / 1e12), [1, 0]);

  // Two rows, three columns (fewer rows than columns): distance |(2,2,1)| = 3 -> coordinates +1.5 and -1.5.
  const two = pca2([[0, 0, 0], [2, 2, 1]]);
  close(two.points[0][0], 1.5);
  close(two.points[1][0], -1.5);
  assert.equal(two.points[0][1], 0);
  close(two.explainedVariance[0], 1);

  assert.deepEqual(pca2([[1, 2, 3]]), { points: [[0, 0]], explainedVariance: [0, 0] });
  assert.deepEqual(pca2([[1, 2], [1, 2], [1, 2]]), { points: [[0, 0], [0, 0], [0, 0]], explainedVariance: [0, 0] });
  assert.deepEqual(pca2([]), { points: [], explainedVariance: [0, 0] });
});

test('pca2 rejects ragged and non-finite input', () => {
  assert.throws(() => pca2([[1, 2], [3]]), /differ in length/);
  assert.throws(() => pca2([[1, NaN], [3, 4]]), /non-finite/);
});

test('identical rows whose mean is inexact still count as constant data', () => {
  // The float mean of three 0.1s is 0.10000000000000002: without a relative threshold the rounding noise would
  // be reported as a component explaining all of the variance.
  const { points, explainedVariance } = pca2([[0.1, 0.7], [0.1, 0.7], [0.1, 0.7]]);
  assert.deepEqual(explainedVariance, [0, 0]);
  assert.deepEqual(points, [[0, 0], [0, 0], [0, 0]]);
});
