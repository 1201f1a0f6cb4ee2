/** Seeded k-means++ with restarts, canonical labels, and the scree curve. */
import { deriveSeeds, mulberry32 } from '../util/random.js';
import { clusterMeans, inertiaAbout, lloyd, seedCentres } from './lloyd.js';
import type { KMeansFit, KMeansOptions } from './types.js';

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
function canonicalFit(points: Float64Array, n: number, d: number, rawLabels: ArrayLike<number>): KMeansFit {
  const idOf = new Map<number, number>();
  const labels = Array.from(rawLabels, (raw) => {
    let id = idOf.get(raw);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(raw, id);
    }
    return id;
  });
  const means = clusterMeans(points, n, d, labels, idOf.size);
  const centroids = Array.from({ length: idOf.size }, (_, c) => Array.from(means.subarray(c * d, (c + 1) * d)));
  return { labels, centroids, inertia: inertiaAbout(points, n, d, labels, means) };
}

/**
 * k-means with greedy k-means++ initialisation (D^2 sampling from mulberry32, lloyd.ts), run `restarts` times with
 * seeds derived from `seed`; the run with the lowest inertia is kept (the earliest on ties), so the result depends
 * only on the inputs and the seed. Each run iterates until the partition is stable, with no tolerance that would
 * depend on the data's scale.
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
  const n = points.length;
  const d = points[0].length;
  const flat = new Float64Array(n * d);
  points.forEach((p, i) => flat.set(p, i * d));
  if (kEff === 1) return canonicalFit(flat, n, d, new Int32Array(n));
  let best: Int32Array = new Int32Array(0);
  let bestInertia = Infinity;
  for (const seed of deriveSeeds(opts.seed, opts.restarts)) {
    const labels = lloyd(flat, n, d, seedCentres(flat, n, d, kEff, mulberry32(seed)));
    // The same arithmetic as canonicalFit's, so the inertia compared is the one reported.
    const inertia = inertiaAbout(flat, n, d, labels, clusterMeans(flat, n, d, labels, kEff));
    if (inertia < bestInertia) {
      best = labels;
      bestInertia = inertia;
    }
  }
  return canonicalFit(flat, n, d, best);
}

/** The best k-means++ fit (kmeansPlusPlus) for each k = 1 .. min(kMax, number of points). */
export function screeFits(points: number[][], kMax: number, opts: KMeansOptions): KMeansFit[] {
  if (!Number.isInteger(kMax) || kMax < 1) throw new Error(`screeCurve: kMax must be a positive integer, got ${kMax}`);
  const top = Math.min(kMax, points.length);
  const fits: KMeansFit[] = [];
  for (let k = 1; k <= top; k++) fits.push(kmeansPlusPlus(points, k, opts));
  return fits;
}

/** Inertia of the best k-means++ fit for k = 1 .. min(kMax, number of points). */
export function screeCurve(points: number[][], kMax: number, opts: KMeansOptions): number[] {
  return screeFits(points, kMax, opts).map((fit) => fit.inertia);
}
