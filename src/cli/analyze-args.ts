/** The parsed arguments of `weightscale analyze` (the command's definition is in analyze.ts). */
import type { AnalysisArgs } from './analysis-options.js';

export interface AnalyzeArgs extends AnalysisArgs {
  dir: string;
  out: string;
  quiet: boolean;
  connections?: number;
  debug?: boolean;
  /** false (`--no-cache`): a cold run, ignoring the pass cache in the report directory (a new one is still written). */
  cache?: boolean;
  /** `--watch`: keep the report current as checkpoints arrive (watch.ts). */
  watch?: boolean;
  /** `--shard i/n`: one part of the analysis, for `merge` (shard-handler.ts). */
  shard?: string;
}
