/** The per-network (or per-primitive-group) layer clustering of docs/design.md section 5. */
import type { ClusterInfo, ClusteringResult } from './types.js';
import { elbowK } from './elbow.js';
import { kmeansPlusPlus, screeFits } from './kmeans.js';
import { fillNulls } from './nulls.js';
import { pca2 } from './pca.js';
import type { ClusterLayersOptions, NullableMatrix } from './types.js';

export const DEFAULT_RESTARTS = 10;

/**
 * Per-epoch mean, min and max of the cluster members' values. Nulls are ignored; where every member is null at an
 * epoch, the members' filled values (their row means, the values the clustering itself used) stand in, so the
 * arrays stay numeric.
 */
function clusterStats(members: number[], rwc: NullableMatrix, filled: number[][], epochs: number) {
  const meanRwc: number[] = [];
  const minRwc: number[] = [];
  const maxRwc: number[] = [];
  for (let t = 0; t < epochs; t++) {
    let values = members.map((i) => rwc[i][t]).filter((v): v is number => v !== null);
    if (values.length === 0) values = members.map((i) => filled[i][t]);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    meanRwc.push(sum / values.length);
    minRwc.push(min);
    maxRwc.push(max);
  }
  return { meanRwc, minRwc, maxRwc };
}

/**
 * Clusters layers by their RWC curves (rows of `rwc`, usually the outlier-clipped matrix; one row per name).
 *
 * Nulls are filled with the row mean (`fillNulls`); PCA to 2D is always computed (`points`, `explainedVariance`);
 * k-means++ runs on the PCA points (space 'pca') or the filled rows (space 'raw'). The scree curve (`inertia`,
 * k = 1..min(kMax, layers)) is always computed. k is the elbow of the scree curve for 'auto', otherwise the given k
 * capped at the number of layers; the reported `k` is the number of clusters actually found, which is smaller when
 * there are fewer distinct points than k. Fewer than 2 layers: k = 1 (0 for no layers) without running k-means.
 */
export function clusterLayers(names: string[], rwc: NullableMatrix, opts: ClusterLayersOptions): ClusteringResult {
  const n = names.length;
  if (rwc.length !== n) throw new Error(`clusterLayers: ${n} names but ${rwc.length} rows`);
  const epochs = n === 0 ? 0 : rwc[0].length;
  for (const row of rwc) {
    if (row.length !== epochs) throw new Error(`clusterLayers: rows differ in length (${row.length} vs ${epochs})`);
  }
  if (opts.k !== 'auto' && (!Number.isInteger(opts.k) || opts.k < 1)) {
    throw new Error(`clusterLayers: k must be 'auto' or a positive integer, got ${opts.k}`);
  }
  if (!Number.isInteger(opts.kMax) || opts.kMax < 1) {
    throw new Error(`clusterLayers: kMax must be a positive integer, got ${opts.kMax}`);
  }
  const kmOpts = { seed: opts.seed, restarts: opts.restarts ?? DEFAULT_RESTARTS };
  const filled = fillNulls(rwc);
  const { points, explainedVariance } = pca2(filled);
  const data = opts.space === 'pca' ? points.map((p) => [p[0], p[1]]) : filled;

  let inertia: number[];
  let labels: number[];
  if (n < 2) {
    inertia = n === 0 ? [] : [0];
    labels = new Array<number>(n).fill(0);
  } else {
    const fits = screeFits(data, opts.kMax, kmOpts);
    inertia = fits.map((fit) => fit.inertia);
    const k = opts.k === 'auto' ? elbowK(inertia) : Math.min(opts.k, n);
    // The scree's fit for k is kmeansPlusPlus(data, k) (same seed, same result); a fixed k above kMax is fitted here.
    labels = (fits[k - 1] ?? kmeansPlusPlus(data, k, kmOpts)).labels;
  }

  const clusterCount = n === 0 ? 0 : Math.max(...labels) + 1;
  const clusters: ClusterInfo[] = [];
  for (let id = 0; id < clusterCount; id++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === id) members.push(i);
    clusters.push({ id, layers: members.map((i) => names[i]), ...clusterStats(members, rwc, filled, epochs) });
  }
  return {
    k: clusterCount,
    kChosen: opts.k === 'auto' ? 'auto' : 'fixed',
    space: opts.space,
    inertia,
    explainedVariance,
    layers: names.slice(),
    labels,
    points,
    clusters,
  };
}
