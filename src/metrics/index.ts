export * from './types.js';
export { l1DiffAndNorm, rwcFromParts, meanRelativeParts, meanRelativeFromParts } from './rwc.js';
export { diffNorms, norms, dot, cosineSimilarity, cosineFromSums } from './norms.js';
export { countChanged } from './changed.js';
export { rowCorrelation, columnCorrelation, crossCorrelation, meanAbsOffDiagonal, pearson } from './correlation.js';
export {
  bestMatching,
  budgetedMatching,
  greedyMatching,
  featureMatching,
  EXACT_MATCHING_MAX_ROWS,
  HUNGARIAN_BUDGET_PER_ENTRY,
  type MatchingMethod,
  type MatchingLimits,
} from './hungarian.js';
export { adjustedRandIndex } from './ari.js';
export { stepParts, finalParts, type StepParts, type FinalParts } from './step.js';
export { JsSweeps, SimdSweeps, type Sweeps } from './sweeps.js';
