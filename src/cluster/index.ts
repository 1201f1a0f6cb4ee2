export * from './types.js';
export { clipOutliers } from './outliers.js';
export { fillNulls } from './nulls.js';
export { pca2 } from './pca.js';
export { kmeansPlusPlus, screeCurve } from './kmeans.js';
export { elbowK } from './elbow.js';
export { clusterLayers, DEFAULT_RESTARTS } from './cluster-layers.js';
export { nmf } from './nmf.js';
export { mulberry32, deriveSeeds } from '../util/random.js';
