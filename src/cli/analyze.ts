/** `weightscale analyze RUN_DIR --out OUT`: the WeightScale analysis of one run, written as a report. */
import type { CommandModule } from 'yargs';
import { analyzeRun } from '../analyze/analyze.js';
import { writeReport } from '../report/write-report.js';
import { checkOutputDir } from './output-dir.js';
import { stageProgress } from './progress.js';
import { withAnalysisOptions, toAnalyzeOptions, type AnalysisArgs } from './analysis-options.js';

interface AnalyzeArgs extends AnalysisArgs {
  dir: string;
  out: string;
  quiet: boolean;
}

export const analyzeCommand: CommandModule<object, AnalyzeArgs> = {
  command: 'analyze <dir>',
  describe: 'Per-layer relative weight change, clusters, dynamics and charts for a directory of checkpoints',
  builder: (y) =>
    withAnalysisOptions(
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'Directory of *.onnx checkpoints (one per epoch)' })
        .option('out', { type: 'string', demandOption: true, describe: 'Report directory (replaced atomically)' }),
    ).example('$0 analyze runs/lenet-mnist --out reports/lenet-mnist', 'Write index.html, summary.json, rwc.csv and PNGs') as never,
  handler: async (args) => {
    const options = toAnalyzeOptions(args);
    checkOutputDir(args.out, 'report');
    const stages = stageProgress(args.quiet);
    const { summary, extras } = await analyzeRun(args.dir, options, { onProgress: stages.update });
    stages.start('writing report', 1);
    const charts = await writeReport(args.out, summary, extras, options.formats);
    stages.finish();
    const k = summary.clustering.all?.k ?? 0;
    process.stderr.write(
      `${summary.layers.length} layers, ${summary.run.checkpoints.length} checkpoints, k = ${k}; ${charts.length} charts\n`,
    );
    for (const w of summary.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${args.out}/${options.formats.includes('html') ? 'index.html' : ''}\n`);
  },
};
