/** `weightscale analyze RUN_DIR --out OUT`: the WeightScale analysis of one run, written as a report. */
import type { CommandModule } from 'yargs';
import { withAnalysisOptions } from './analysis-options.js';
import { exampleText } from './help-example.js';
import { withConnectionsOption } from './connections-option.js';
import type { AnalyzeArgs } from './analyze-args.js';

export const analyzeCommand: CommandModule<object, AnalyzeArgs> = {
  command: 'analyze <dir>',
  describe: 'Per-layer relative weight change, clusters, dynamics and charts for a directory of checkpoints',
  builder: (y) =>
    withConnectionsOption(withAnalysisOptions(
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'Run directory (*.onnx checkpoints, *.safetensors files, or checkpoint-N/ subdirectories), or a run list: a text file of checkpoint paths or URLs, one per line' })
        .option('out', { type: 'string', demandOption: true, describe: 'Report directory (replaced atomically)' })
        .option('cache', {
          type: 'boolean',
          default: true,
          describe: 'Reuse the sums kept in the report directory (pass-cache.json) for checkpoints that did not change; --no-cache reads everything again',
        })
        .option('shard', {
          type: 'string',
          describe: 'i/n: compute the sums of the i-th of n partitions of the layers (i from 0) into --out as a part for `weightscale merge`',
        })
        .option('watch', {
          type: 'boolean',
          default: false,
          describe: 'Keep running: update the report whenever a complete new checkpoint appears (Ctrl-C stops; the page shows a live badge)',
        }),
    )).epilogue(exampleText('weightscale analyze runs/lenet-mnist --out reports/lenet-mnist', 'writes index.html, summary.json, rwc.csv and the PNGs into reports/lenet-mnist')) as never,
  // The implementation (and what it imports) is loaded only when the command runs.
  handler: async (args) => (await import('./analyze-handler.js')).analyzeHandler(args),
};
