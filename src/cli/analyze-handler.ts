/** What `weightscale analyze` does: analyze the run, write the report, say what was written. */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeRun, type AnalyzeResult } from '../analyze/analyze.js';
import { PASS_CACHE_FILE, decodePassCache, encodePassCache, type PassCache } from '../analyze/pass-cache.js';
import type { Summary } from '../analyze/types.js';
import { coverageLine } from '../report/coverage-line.js';
import { writeReport } from '../report/write-report.js';
import { writingTo } from './environment-error.js';
import { checkOutputDir } from './output-dir.js';
import { stageProgress } from './progress.js';
import { toAnalyzeOptions, type AnalysisArgs } from './analysis-options.js';
import { setUpRemote } from './remote-setup.js';

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

/** Runs `analyze` with its parsed arguments (the command's definition is in analyze.ts). */
export async function analyzeHandler(args: AnalyzeArgs): Promise<void> {
  const options = toAnalyzeOptions(args);
  setUpRemote(args.connections);
  if (args.shard !== undefined) return (await import('./shard-handler.js')).shardHandler(args, options);
  const hadReport = checkOutputDir(args.out, 'report');
  if (args.watch) return (await import('./watch.js')).watchRun(args, options);
  // Ctrl-C before the new report is in place: one line, exit 130, the old report (if any) as it was.
  const onSigint = () => {
    removeUnfinishedReport(args.out);
    process.stderr.write(`${process.stderr.isTTY && !args.quiet ? '\n' : ''}weightscale: interrupted; ${hadReport ? 'the previous report is unchanged' : 'no report was written'}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  if (args.debug) process.stderr.write(`analyzing ${args.dir} into ${args.out}\n`);
  let charts: string[];
  let summary: Summary;
  try {
    const stages = stageProgress(args.quiet);
    const previous = args.cache === false ? null : readPassCache(args.out);
    const analysis = await analyzeRun(args.dir, options, { onProgress: stages.update }, { previous });
    summary = analysis.summary;
    if (args.debug) process.stderr.write(debugTimings(analysis));
    stages.start('writing report', 1);
    const companions = new Map([[PASS_CACHE_FILE, encodePassCache(analysis.cache)]]);
    charts = await writingTo(args.out, () => writeReport(args.out, analysis.summary, analysis.extras, options.formats, companions));
    stages.finish();
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const k = summary.clustering.all?.k ?? 0;
  process.stderr.write(
    `${summary.layers.length} layers, ${summary.run.checkpoints.length} checkpoints, k = ${k}; ${charts.length} charts\n`,
  );
  const coverage = coverageLine(summary.coverage);
  if (coverage) process.stderr.write(`${coverage}\n`);
  for (const w of summary.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const n of summary.notes ?? []) process.stderr.write(`note: ${n}\n`);
  // The closing line: the page as a file:// URL a terminal can open with a click (the directory without html).
  process.stdout.write(`${options.formats.includes('html') ? pathToFileURL(resolve(args.out, 'index.html')).href : `${args.out}/`}\n`);
}

/** The pass cache of the report in `out`, or null (none, unreadable, or of another version: the run is then cold). */
export function readPassCache(out: string): PassCache | null {
  try {
    return decodePassCache(readFileSync(join(out, PASS_CACHE_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** `--debug`: where the time went and how many weight bytes were read (the incremental analysis's counter). */
export function debugTimings(analysis: AnalyzeResult): string {
  const t = analysis.timings;
  const gb = (b: number) => (b / 1e9).toFixed(3);
  return (
    `timings: index ${t.indexSeconds.toFixed(3)} s, pass ${t.passSeconds.toFixed(3)} s, clustering ${t.clusteringSeconds.toFixed(3)} s, ` +
    `features ${t.featuresSeconds.toFixed(3)} s\n` +
    `weights read: ${gb(t.bytesRead + t.featureBytesRead)} GB (pass ${gb(t.bytesRead)} GB, features ${gb(t.featureBytesRead)} GB); ` +
    `${t.checkpointsReused} of ${analysis.summary.run.checkpoints.length} checkpoints' sums from the cache\n`
  );
}

/** Deletes the temporary sibling directories a report being written lives in (report/atomic-dir.ts names them). */
export function removeUnfinishedReport(out: string): void {
  const parent = dirname(resolve(out));
  const stem = `.${basename(resolve(out))}.tmp-`;
  try {
    for (const name of readdirSync(parent)) if (name.startsWith(stem)) rmSync(join(parent, name), { recursive: true, force: true });
  } catch {
    // nothing to clean up
  }
}
