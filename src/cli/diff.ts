/** `weightscale diff RUN_A RUN_B --out OUT`: two runs analysed with the same options and compared on one page. */
import type { CommandModule } from 'yargs';
import { withAnalysisOptions } from './analysis-options.js';
import { exampleText } from './help-example.js';
import { withConnectionsOption } from './connections-option.js';
import type { DiffArgs } from './diff-handler.js';

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <a> <b>',
  describe: 'Compare two runs: RWC per paired layer, cluster agreement, norms, cross-run feature correlation',
  builder: (y) =>
    withConnectionsOption(withAnalysisOptions(
      y
        .positional('a', { type: 'string', demandOption: true, describe: 'Run A: a directory of checkpoints (*.onnx, *.safetensors or checkpoint-N/), or a run list of paths or URLs' })
        .positional('b', { type: 'string', demandOption: true, describe: 'Run B: a directory of checkpoints (*.onnx, *.safetensors or checkpoint-N/), or a run list of paths or URLs' })
        .option('out', { type: 'string', demandOption: true, describe: 'Diff directory (replaced atomically)' }),
    )).epilogue(
      exampleText(
        'weightscale diff runs/mnist runs/fashion --out reports/mnist-vs-fashion',
        "writes index.html, diff.json, the diff charts, and both runs' reports under a/ and b/",
      ),
    ) as never,
  // The implementation (and what it imports) is loaded only when the command runs.
  handler: async (args) => (await import('./diff-handler.js')).diffHandler(args),
};
