/** What `weightscale analyze` does: analyze the run, write the report, say what was written. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeRun } from '../analyze/analyze.js';
import type { Summary } from '../analyze/types.js';
import { coverageLine } from '../report/coverage-line.js';
import { writingTo } from './environment-error.js';
import { checkOutputDir } from './output-dir.js';
import { stageProgress } from './progress.js';
import { toAnalyzeOptions } from './analysis-options.js';
import type { AnalyzeArgs } from './analyze-args.js';
import { debugTimings, readPassCache, removeUnfinishedReport, writeAnalysisReport } from './report-dir.js';
import { setUpRemote } from './remote-setup.js';

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
    charts = await writingTo(args.out, () => writeAnalysisReport(args.out, analysis, options.formats));
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
