/** Seeded k-means++ with restarts (ml-kmeans), canonical labels, and the scree curve. */
import { kmeans } from 'ml-kmeans';
import { deriveSeeds } from '../util/random.js';
import type { KMeansFit, KMeansOptions } from './types.js';

/**
 * Lloyd iterations run until no centroid moves at all (tolerance 0): ml-kmeans' default tolerance (1e-6 on the
 * squared movement) is absolute and would stop after one step on RWC-sized data (values ~1e-3). Lloyd's algorithm
 * reaches a fixed partition in finitely many steps; this is only a safety cap.
 */
const MAX_ITERATIONS = 1000;

function validatePoints(points: readonly number[][], what: string): void {
  const d = points.length === 0 ? 0 : points[0].length;
  for (const p of points) {
    if (p.length !== d) throw new Error(`${what}: points differ in dimension (${p.length} vs ${d})`);
    for (const v of p) if (!Number.isFinite(v)) throw new Error(`${what}: non-finite coordinate ${v}`);
  }
}

function countDistinct(points: readonly number[][]): number {
  const seen = new Set<string>();
  for (const p of points) seen.add(p.map((v) => v + 0).join(','));
  return seen.size;
}

/**
 * Canonical form of a partition: cluster ids renumbered 0, 1, ... in order of each cluster's first point in input
 * order (so empty clusters disappear), centroids recomputed as the means of their points, inertia computed from them.
 */
function canonicalFit(points: readonly number[][], rawLabels: readonly number[]): KMeansFit {
  const d = points[0].length;
  const idOf = new Map<number, number>();
  const labels = rawLabels.map((raw) => {
    let id = idOf.get(raw);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(raw, id);
    }
    return id;
  });
  const c = idOf.size;
  const sums = Array.from({ length: c }, () => new Array<number>(d).fill(0));
  const sizes = new Array<number>(c).fill(0);
  for (let i = 0; i < points.length; i++) {
    const s = sums[labels[i]];
    for (let j = 0; j < d; j++) s[j] += points[i][j];
    sizes[labels[i]]++;
  }
  const centroids = sums.map((s, id) => s.map((v) => v / sizes[id]));
  let inertia = 0;
  for (let i = 0; i < points.length; i++) {
    const centre = centroids[labels[i]];
    for (let j = 0; j < d; j++) {
      const diff = points[i][j] - centre[j];
      inertia += diff * diff;
    }
  }
  return { labels, centroids, inertia };
}

/**
 * k-means with k-means++ initialisation (ml-kmeans), run `restarts` times with seeds derived from `seed`; the run
 * with the lowest inertia is kept (the earliest on ties), so the result depends only on the inputs and the seed.
 * Each run iterates until the partition is stable (see MAX_ITERATIONS), independent of the data's scale.
 *
 * k is capped at the number of distinct points (k-means++ cannot place more distinct centres than that), and a
 * cluster left empty by Lloyd's iterations is dropped; so `centroids.length` (the number of clusters returned) can
 * be smaller than k. Labels are canonical: see `KMeansFit`. An empty input gives an empty fit.
 */
export function kmeansPlusPlus(points: number[][], k: number, opts: KMeansOptions): KMeansFit {
  if (!Number.isInteger(k) || k < 1) throw new Error(`kmeansPlusPlus: k must be a positive integer, got ${k}`);
  if (!Number.isInteger(opts.restarts) || opts.restarts < 1) {
    throw new Error(`kmeansPlusPlus: restarts must be a positive integer, got ${opts.restarts}`);
  }
  validatePoints(points, 'kmeansPlusPlus');
  if (points.length === 0) return { labels: [], centroids: [], inertia: 0 };
  const kEff = Math.min(k, countDistinct(points));
  if (kEff === 1) return canonicalFit(points, new Array<number>(points.length).fill(0));
  let best: KMeansFit | null = null;
  for (const seed of deriveSeeds(opts.seed, opts.restarts)) {
    const result = kmeans(points, kEff, { initialization: 'kmeans++', seed, tolerance: 0, maxIterations: MAX_ITERATIONS });
    const fit = canonicalFit(points, result.clusters);
    if (best === null || fit.inertia < best.inertia) best = fit;
  }
  return best as KMeansFit;
}

/** Inertia of the best k-means++ fit for k = 1 .. min(kMax, number of points). */
export function screeCurve(points: number[][], kMax: number, opts: KMeansOptions): number[] {
  if (!Number.isInteger(kMax) || kMax < 1) throw new Error(`screeCurve: kMax must be a positive integer, got ${kMax}`);
  const top = Math.min(kMax, points.length);
  const inertia: number[] = [];
  for (let k = 1; k <= top; k++) inertia.push(kmeansPlusPlus(points, k, opts).inertia);
  return inertia;
}
