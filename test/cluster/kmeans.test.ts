import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { kmeansPlusPlus, screeCurve } from '../../src/cluster/kmeans.js';
import { mulberry32 } from '../../src/util/random.js';
import { adjustedRandIndex } from '../../src/metrics/ari.js';
import { repoRoot } from '../onnx/helpers.js';

const OPTS = { seed: 0, restarts: 10 };

function close(actual: number, expected: number, eps = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} vs ${expected}`);
}

/** Three blobs of 15 points (uniform +-0.5 around their centre), shuffled. */
function blobs(seed: number): { points: number[][]; truth: number[] } {
  const rnd = mulberry32(seed);
  const centres = [[0, 0], [10, 0], [0, 10]];
  const items: { p: number[]; c: number; key: number }[] = [];
  centres.forEach((c, ci) => {
    for (let i = 0; i < 15; i++) items.push({ p: [c[0] + rnd() - 0.5, c[1] + rnd() - 0.5], c: ci, key: rnd() });
  });
  items.sort((a, b) => a.key - b.key);
  return { points: items.map((it) => it.p), truth: items.map((it) => it.c) };
}

test('three well-separated blobs are recovered exactly, with canonical labels', () => {
  for (const seed of [1, 2, 3]) {
    const { points, truth } = blobs(seed);
    const fit = kmeansPlusPlus(points, 3, { seed, restarts: 5 });
    assert.equal(adjustedRandIndex(fit.labels, truth), 1);
    // Canonical: ids appear for the first time in increasing order 0, 1, 2.
    const firstSeen: number[] = [];
    for (const l of fit.labels) if (!firstSeen.includes(l)) firstSeen.push(l);
    assert.deepEqual(firstSeen, [0, 1, 2]);
    // Centroids are the blob means; inertia is the sum of squared distances to them.
    let inertia = 0;
    for (let id = 0; id < 3; id++) {
      const members = points.filter((_, i) => fit.labels[i] === id);
      const mean = [0, 1].map((d) => members.reduce((a, p) => a + p[d], 0) / members.length);
      close(fit.centroids[id][0], mean[0]);
      close(fit.centroids[id][1], mean[1]);
      inertia += members.reduce((a, p) => a + (p[0] - mean[0]) ** 2 + (p[1] - mean[1]) ** 2, 0);
    }
    close(fit.inertia, inertia);
  }
});

test('hand example in 1D, and canonical ordering by first point', () => {
  // {0,1} and {10,11}: centroids 0.5 and 10.5, inertia 4 * 0.25 = 1.
  const a = kmeansPlusPlus([[0], [1], [10], [11]], 2, OPTS);
  assert.deepEqual(a.labels, [0, 0, 1, 1]);
  assert.deepEqual(a.centroids, [[0.5], [10.5]]);
  assert.equal(a.inertia, 1);
  const b = kmeansPlusPlus([[10], [0], [11], [1]], 2, OPTS);
  assert.deepEqual(b.labels, [0, 1, 0, 1]);
  assert.deepEqual(b.centroids, [[10.5], [0.5]]);
});

test('k = 1: centroid is the mean, inertia the total sum of squares', () => {
  // Square corners around (1,1): each at squared distance 2 -> 8.
  const fit = kmeansPlusPlus([[0, 0], [2, 0], [0, 2], [2, 2]], 1, OPTS);
  assert.deepEqual(fit.labels, [0, 0, 0, 0]);
  assert.deepEqual(fit.centroids, [[1, 1]]);
  assert.equal(fit.inertia, 8);
});

test('k above the number of distinct points is capped instead of crashing', () => {
  const fit = kmeansPlusPlus([[1, 1], [1, 1], [2, 2]], 3, OPTS);
  assert.deepEqual(fit.labels, [0, 0, 1]);
  assert.equal(fit.centroids.length, 2);
  assert.equal(fit.inertia, 0);
  const same = kmeansPlusPlus([[4], [4], [4]], 2, OPTS);
  assert.deepEqual(same, { labels: [0, 0, 0], centroids: [[4]], inertia: 0 });
  assert.deepEqual(kmeansPlusPlus([], 2, OPTS), { labels: [], centroids: [], inertia: 0 });
});

test('same seed, same result; bad arguments throw', () => {
  const { points } = blobs(4);
  assert.deepEqual(kmeansPlusPlus(points, 4, { seed: 9, restarts: 3 }), kmeansPlusPlus(points, 4, { seed: 9, restarts: 3 }));
  assert.throws(() => kmeansPlusPlus(points, 0, OPTS), /positive integer/);
  assert.throws(() => kmeansPlusPlus(points, 2.5, OPTS), /positive integer/);
  assert.throws(() => kmeansPlusPlus(points, 2, { seed: 0, restarts: 0 }), /restarts/);
  assert.throws(() => kmeansPlusPlus([[0, 1], [1]], 1, OPTS), /dimension/);
  assert.throws(() => kmeansPlusPlus([[0], [Infinity]], 1, OPTS), /non-finite/);
});

test('screeCurve: optimal inertias of a hand example, length capped by the number of points', () => {
  // [0, 1, 10, 11]: k=1 mean 5.5 -> 30.25 + 20.25 + 20.25 + 30.25 = 101; k=2 -> 1;
  // k=3 best is {0,1},{10},{11} (or mirror) -> 0.5; k=4 -> 0.
  assert.deepEqual(screeCurve([[0], [1], [10], [11]], 12, OPTS), [101, 1, 0.5, 0]);
  assert.deepEqual(screeCurve([[0], [1], [10], [11]], 2, OPTS), [101, 1]);
  assert.throws(() => screeCurve([[0]], 0, OPTS), /kMax/);
});

test('scale invariance: RWC-sized data (~1e-3) converges like unit-sized data', () => {
  // k-means++ sampling and Lloyd's steps are scale-invariant, so scaling the data by s must give the same labels
  // and s^2 times the inertia; a convergence tolerance in absolute units would stop early on small data.
  const rnd = mulberry32(12);
  const points = Array.from({ length: 60 }, () => [rnd(), rnd()]);
  const s = 1e-3;
  const big = kmeansPlusPlus(points, 4, { seed: 1, restarts: 3 });
  const small = kmeansPlusPlus(points.map((p) => [p[0] * s, p[1] * s]), 4, { seed: 1, restarts: 3 });
  assert.deepEqual(small.labels, big.labels);
  close(small.inertia, big.inertia * s * s, 1e-12 * big.inertia);
  // A converged fit assigns every point to its nearest centroid.
  points.forEach((p, i) => {
    const d = big.centroids.map((c) => (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2);
    assert.equal(d[big.labels[i]], Math.min(...d));
  });
});

interface SklearnOptima {
  points: number[][];
  optima: { k: number; inertia: number; labels: number[] }[];
}

test('reaches the optima scikit-learn finds (fixtures/cluster/kmeans.json, scripts/make-kmeans-fixture.py)', () => {
  const fx = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures', 'cluster', 'kmeans.json'), 'utf8')) as Record<string, SklearnOptima>;
  for (const [name, { points, optima }] of Object.entries(fx)) {
    for (const { k, inertia, labels } of optima) {
      const fit = kmeansPlusPlus(points, k, { seed: 0, restarts: 20 });
      assert.ok(Math.abs(fit.inertia - inertia) <= 1e-9 * inertia, `${name} k=${k}: ${fit.inertia} vs ${inertia}`);
      assert.equal(adjustedRandIndex(fit.labels, labels), 1, `${name} k=${k}: the same partition`);
      // A single run may stop in a local optimum, never below the optimum.
      for (let seed = 0; seed < 5; seed++) {
        const one = kmeansPlusPlus(points, k, { seed, restarts: 1 });
        assert.ok(one.inertia >= inertia * (1 - 1e-9), `${name} k=${k} seed ${seed}: ${one.inertia} below ${inertia}`);
      }
    }
  }
});

/** The lowest inertia over every assignment of the points to k labels (k^n of them). */
function bruteForceOptimum(points: number[][], k: number): number {
  const n = points.length;
  const labels = new Array<number>(n).fill(0);
  let best = Infinity;
  for (let code = 0; code < k ** n; code++) {
    for (let i = 0, c = code; i < n; i++, c = Math.floor(c / k)) labels[i] = c % k;
    let inertia = 0;
    for (let id = 0; id < k; id++) {
      const members = points.filter((_, i) => labels[i] === id);
      if (members.length === 0) continue;
      const mean = members[0].map((_, j) => members.reduce((a, p) => a + p[j], 0) / members.length);
      inertia += members.reduce((a, p) => a + p.reduce((b, v, j) => b + (v - mean[j]) ** 2, 0), 0);
    }
    best = Math.min(best, inertia);
  }
  return best;
}

test('the optimum of every partition of 10 points into 3 clusters, by exhaustive search', () => {
  const rnd = mulberry32(31);
  const points = Array.from({ length: 10 }, () => [rnd() * 4, rnd() * 4]);
  for (const k of [2, 3]) close(kmeansPlusPlus(points, k, OPTS).inertia, bruteForceOptimum(points, k), 1e-12);
});

test('k-means++ never seeds two centres on equal points: k = distinct points gives inertia 0 for every seed', () => {
  const points = [[0, 0], [0, 0], [0, 0], [1, 0], [5, 5], [5, 5], [1, 0], [0, 0]];
  for (let seed = 0; seed < 20; seed++) {
    const fit = kmeansPlusPlus(points, 3, { seed, restarts: 1 });
    assert.equal(fit.inertia, 0);
    assert.deepEqual(fit.labels, [0, 0, 0, 1, 2, 2, 1, 0]);
  }
});
