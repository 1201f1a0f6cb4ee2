/** `analyze RUN --shard i/n --out PART`: one part of a run's analysis (analyze/shards.ts), written as PART/part.json. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeShard } from '../analyze/analyze.js';
import { PART_FILE, encodePart, parseShard } from '../analyze/shards.js';
import type { AnalyzeOptions } from '../analyze/types.js';
import { InputError } from '../errors.js';
import { writeDirectoryAtomically } from '../report/atomic-dir.js';
import type { AnalyzeArgs } from './analyze-args.js';
import { writingTo } from './environment-error.js';
import { checkOutputDir } from './output-dir.js';
import { stageProgress } from './progress.js';

export async function shardHandler(args: AnalyzeArgs, options: AnalyzeOptions): Promise<void> {
  const shard = parseShard(args.shard!);
  if (args.watch) throw new InputError('--shard and --watch: a part is computed once; watch the merged report instead');
  checkOutputDir(args.out, 'part');
  const stages = stageProgress(args.quiet);
  const part = await analyzeShard(args.dir, options, shard, { onProgress: stages.update });
  stages.finish();
  await writingTo(args.out, () => writeDirectoryAtomically(args.out, (dir) => writeFile(join(dir, PART_FILE), encodePart(part))));
  const layers = part.cache.totals.filter((t) => t !== null).length;
  process.stderr.write(`part ${shard.index}/${shard.count}: ${layers} of ${part.cache.totals.length} layers' sums\n`);
  process.stdout.write(`${args.out}\n`);
}
