export * from './types.js';
export { l1DiffAndNorm, rwcFromParts, meanRelativeParts, meanRelativeFromParts } from './rwc.js';
export { diffNorms, norms, dot, cosineSimilarity, cosineFromSums } from './norms.js';
export { countChanged } from './changed.js';
export { rowCorrelation, crossCorrelation, meanAbsOffDiagonal } from './correlation.js';
export { bestMatching } from './hungarian.js';
export { adjustedRandIndex } from './ari.js';
export { stepParts, type StepParts } from './step.js';
