/** What `weightscale merge` does: read the parts, check they make one analysis, and write the report from them. */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeRun } from '../analyze/analyze.js';
import { PART_FILE, decodePart, mergeParts } from '../analyze/shards.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../analyze/types.js';
import { InputError } from '../errors.js';
import { parseFormats } from './analysis-options.js';
import { writingTo } from './environment-error.js';
import { checkOutputDir } from './output-dir.js';
import { stageProgress } from './progress.js';
import { writeAnalysisReport } from './report-dir.js';

export interface MergeArgs {
  parts: string[];
  out: string;
  run?: string;
  format: string;
  quiet: boolean;
}

export async function mergeHandler(args: MergeArgs): Promise<void> {
  const formats = parseFormats(args.format);
  const parts = args.parts.map((dir) => ({ file: dir, part: decodePart(readPart(dir), dir) }));
  const merged = mergeParts(parts);
  checkOutputDir(args.out, 'report');
  const run = args.run ?? merged.run;
  const options = { ...DEFAULT_ANALYZE_OPTIONS, ...merged.options, formats };
  const stages = stageProgress(args.quiet);
  const analysis = await analyzeRun(run, options, { onProgress: stages.update }, { previous: merged.cache });
  const checkpoints = analysis.summary.run.checkpoints.length;
  if (analysis.timings.checkpointsReused !== checkpoints || merged.cache.checkpoints.length !== checkpoints) {
    throw new InputError(`merge: ${run} is not the run the parts were computed from any more (its checkpoints changed); compute the parts again`);
  }
  stages.start('writing report', 1);
  const charts = await writingTo(args.out, () => writeAnalysisReport(args.out, analysis, formats));
  stages.finish();
  process.stderr.write(`${parts.length} parts, ${analysis.summary.layers.length} layers, ${checkpoints} checkpoints; ${charts.length} charts\n`);
  process.stdout.write(`${formats.includes('html') ? pathToFileURL(resolve(args.out, 'index.html')).href : `${args.out}/`}\n`);
}

/** PART/part.json (or a part.json named directly). */
function readPart(path: string): string {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, PART_FILE);
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: no part here (${(e as NodeJS.ErrnoException).code ?? e}); parts are written by analyze --shard i/n --out PART`);
  }
}
