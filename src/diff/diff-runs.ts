/** `diff` as a library function: two run directories in, both analyses and their comparison out. No writing. */
import type { AnalyzeResult } from '../analyze/analyze.js';
import type { AnalyzeOptions } from '../analyze/types.js';
import { compareRuns, type Comparison } from './compare.js';
import { analyzeSide } from './run-side.js';
import type { Side } from './types.js';

export interface DiffHooks {
  /** Called after each checkpoint of a run is read (1-based count, total). */
  onCheckpoint?: (side: Side, done: number, total: number) => void;
  /** Called when a run's analysis is done. */
  onRunDone?: (side: Side) => void;
}

export interface DiffResult extends Comparison {
  /** Each run's own analysis (for its full report under a/ and b/). */
  a: AnalyzeResult;
  b: AnalyzeResult;
}

/** Analyses both runs with the same options (analyzeRun) and compares them. */
export function diffRuns(dirA: string, dirB: string, options: AnalyzeOptions, hooks: DiffHooks = {}): DiffResult {
  const analyze = (side: Side, dir: string) => {
    const run = analyzeSide(dir, options, { onCheckpoint: (done, total) => hooks.onCheckpoint?.(side, done, total) });
    hooks.onRunDone?.(side);
    return run;
  };
  const a = analyze('a', dirA);
  const b = analyze('b', dirB);
  return { ...compareRuns(a, b, options), a: a.result, b: b.result };
}
