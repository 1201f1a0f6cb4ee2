/** Shared shapes of the clustering stage, including the clustering result that summary.json carries. */

/** Where layers are clustered: on their PCA-2D coordinates or on the raw (clipped) RWC curves. */
export type ClusterSpace = 'pca' | 'raw';

/** A matrix with missing entries (e.g. layers x epochs RWC with null where the denominator was zero). */
export type NullableMatrix = (number | null)[][];

/** Which z-scores decide an outlier: per row (layer), per column (epoch), or none (no clipping). */
export type OutlierAxis = 'row' | 'column' | 'none';

export interface Pca2Result {
  /** Each input row projected on the first two principal components. */
  points: [number, number][];
  /** Fraction of the total variance carried by the first and second component (always two entries). */
  explainedVariance: number[];
}

export interface KMeansOptions {
  seed: number;
  /** Number of seeded k-means++ runs; the one with the lowest inertia is kept. At least 1. */
  restarts: number;
}

export interface KMeansFit {
  /** Cluster id per point, 0..c-1, numbered in order of each cluster's first point in input order. */
  labels: number[];
  /** Mean of each cluster's points, indexed by cluster id. */
  centroids: number[][];
  /** Sum of squared Euclidean distances of the points to their cluster's centroid. */
  inertia: number;
}

export interface ClusterLayersOptions {
  space: ClusterSpace;
  k: 'auto' | number;
  kMax: number;
  seed: number;
  /** k-means++ restarts per k; default DEFAULT_RESTARTS. */
  restarts?: number;
}

export interface NmfOptions {
  seed: number;
  /** Maximum number of multiplicative-update iterations. */
  iterations: number;
  /** Stop early when the relative decrease of the error in one iteration is below this. Default: never. */
  tolerance?: number;
}

export interface NmfResult {
  /** rows x rank, row-major. */
  w: Float64Array;
  /** rank x cols, row-major. */
  h: Float64Array;
  /** Frobenius norm ||V - WH|| after each iteration performed. */
  errors: number[];
}

export interface ClusterInfo {
  id: number;
  layers: string[];
  /** Mean RWC (clipped) of the cluster's layers per epoch. */
  meanRwc: number[];
  minRwc: number[];
  maxRwc: number[];
}

export interface ClusteringResult {
  k: number;
  kChosen: 'auto' | 'fixed';
  space: ClusterSpace;
  /** Scree curve: inertia for k = 1..kMax. */
  inertia: number[];
  explainedVariance: number[];
  /** Layer names in the order of `labels` and `points`. */
  layers: string[];
  labels: number[];
  /** PCA-2D coordinates of each layer (always computed, also when clustering in raw space). */
  points: [number, number][];
  clusters: ClusterInfo[];
}
