/** What `weightscale diff` does: analyze both runs, write the diff directory, say what was compared. */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffRuns } from '../diff/diff-runs.js';
import { writeDiff } from '../diff/write-diff.js';
import type { Side } from '../diff/types.js';
import { formatNumber } from '../report/scales.js';
import { writingTo } from './environment-error.js';
import { checkOutputDir } from './output-dir.js';
import { stageProgress } from './progress.js';
import { toAnalyzeOptions, type AnalysisArgs } from './analysis-options.js';
import { setUpRemote } from './remote-setup.js';

export interface DiffArgs extends AnalysisArgs {
  a: string;
  b: string;
  out: string;
  quiet: boolean;
  connections?: number;
}

/** Runs `diff` with its parsed arguments (the command's definition is in diff.ts). */
export async function diffHandler(args: DiffArgs): Promise<void> {
  const options = toAnalyzeOptions(args);
  setUpRemote(args.connections);
  checkOutputDir(args.out, 'diff');
  const stages = { a: stageProgress(args.quiet, 'run A: '), b: stageProgress(args.quiet, 'run B: ') };
  const result = await diffRuns(args.a, args.b, options, {
    onProgress: (side: Side, stage, done, total) => stages[side].update(stage, done, total),
    onRunDone: (side: Side) => stages[side].finish(),
  });
  const diff = await writingTo(args.out, () => writeDiff(args.out, result, options.formats));
  const ari = diff.clusterAgreement === null ? '–' : formatNumber(diff.clusterAgreement);
  process.stderr.write(
    `${diff.layers.length} paired layers (${diff.unpaired.a.length} only in A, ${diff.unpaired.b.length} only in B), ` +
      `${diff.epochsCompared} checkpoints compared, ARI ${ari}; ${diff.charts.length} charts\n`,
  );
  for (const w of diff.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const n of diff.notes) process.stderr.write(`note: ${n}\n`);
  if (sameDirectory(args.a, args.b)) {
    process.stderr.write(`note: A and B are the same run (${args.a}): the diff compares it with itself, so every difference is 0 and ARI is 1\n`);
  }
  // The closing line: the page as a file:// URL a terminal can open with a click (diff.json without html).
  process.stdout.write(`${options.formats.includes('html') ? pathToFileURL(resolve(args.out, 'index.html')).href : `${args.out}/diff.json`}\n`);
}

/** Whether two paths name the same directory (through symbolic links and relative paths). */
function sameDirectory(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
