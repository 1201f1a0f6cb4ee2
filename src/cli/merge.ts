/** `weightscale merge PART... --out R`: the report of a run analyzed in parts (`analyze --shard i/n`). */
import type { CommandModule } from 'yargs';
import { exampleText } from './help-example.js';
import type { MergeArgs } from './merge-handler.js';

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <parts..>',
  describe: 'Put together the parts of a run analyzed with --shard i/n (one per task of a job array) and write its report',
  builder: (y) =>
    y
      .positional('parts', { type: 'string', array: true, demandOption: true, describe: 'The part directories written by analyze --shard i/n --out PART (all n of them)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Report directory (replaced atomically)' })
      .option('run', { type: 'string', describe: 'The run, where it is on this machine (default: the path the parts were given)' })
      .option('format', { type: 'string', default: 'png,html,json,csv', describe: 'Comma-separated outputs: png, html, json, csv' })
      .epilogue(
        exampleText(
          'weightscale merge parts/0 parts/1 parts/2 parts/3 --out reports/big-run',
          'checks that the four parts cover the run once, then writes the report analyze would have written',
        ),
      ) as never,
  handler: async (args) => (await import('./merge-handler.js')).mergeHandler(args),
};
