/** `diff` as a library function: two run directories in, both analyses and their comparison out. No writing. */
import type { AnalyzeResult, AnalyzeStage } from '../analyze/analyze.js';
import type { AnalyzeOptions } from '../analyze/types.js';
import { compareRuns, type Comparison } from './compare.js';
import { analyzeSide } from './run-side.js';
import type { Side } from './types.js';

export interface DiffHooks {
  /** Progress of a run's analysis stages (AnalyzeHooks.onProgress). */
  onProgress?: (side: Side, stage: AnalyzeStage, done: number, total: number) => void;
  /** Called when a run's analysis is done. */
  onRunDone?: (side: Side) => void;
}

export interface DiffResult extends Comparison {
  /** Each run's own analysis (for its full report under a/ and b/). */
  a: AnalyzeResult;
  b: AnalyzeResult;
}

/** Analyses both runs with the same options (analyzeRun) and compares them. */
export async function diffRuns(dirA: string, dirB: string, options: AnalyzeOptions, hooks: DiffHooks = {}): Promise<DiffResult> {
  const analyze = async (side: Side, dir: string) => {
    const run = await analyzeSide(dir, options, { onProgress: (stage, done, total) => hooks.onProgress?.(side, stage, done, total) });
    hooks.onRunDone?.(side);
    return run;
  };
  const a = await analyze('a', dirA);
  const b = await analyze('b', dirB);
  return { ...(await compareRuns(a, b, options)), a: a.result, b: b.result };
}
