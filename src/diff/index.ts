/** The diff stage: two runs analysed with the same options, compared layer by layer, written as one page. */
export { diffRuns, type DiffHooks, type DiffResult } from './diff-runs.js';
export { compareRuns, type Comparison } from './compare.js';
export { renderDiff, writeDiff, type RenderedDiff } from './write-diff.js';
export { renderDiffHtml } from './html.js';
export { planDiffCharts } from './charts/plan.js';
export type * from './types.js';
