export * from './types.js';
export { topoOrder, topoIndices } from './topo.js';
export { extractLayers } from './layers.js';
export { elementCount } from '../util/element-count.js';
export { matchLayers, initializerShapes, isGeneratedName } from './match.js';
export type { LayerMatch, LayerPair, MatchOptions, MatchedBy, TensorPair } from './match.js';
export { primitiveTotals } from './totals.js';
export type { PrimitiveTotal } from './totals.js';
