/**
 * Entry point of the `weightscale` command. Each command is a yargs command module in its own file; this file only
 * wires them together and turns failures into one line on stderr with the exit codes of docs/design.md section 8:
 * 2 for bad input or usage, 1 for internal errors (stack trace only with --debug) and for failures of the machine
 * (disk full, permission denied: one line naming the path and the cause).
 */
import yargs from 'yargs';
import { isInputError } from '../errors.js';
import { VERSION } from '../version.js';
import { commands } from './commands.js';
import { describeEnvironmentError, isEnvironmentError } from './environment-error.js';

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  let cli = yargs(argv)
    .scriptName('weightscale')
    .usage('$0 <command> [options]\n\nPost-hoc analysis of neural-network training checkpoints stored as ONNX.')
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress bars' })
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces of errors' })
    .version(VERSION)
    .help()
    .alias('help', 'h')
    .strict()
    .demandCommand(1, 'Name a command; see weightscale --help.')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  for (const command of commands) cli = cli.command(command);
  try {
    await cli.parseAsync();
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    return reportError(e, debug);
  }
}

export function reportError(e: unknown, debug: boolean): number {
  if (e instanceof UsageError) {
    process.stderr.write(`weightscale: ${e.message}\nRun 'weightscale --help' for usage.\n`);
    return 2;
  }
  if (isInputError(e)) {
    process.stderr.write(`weightscale: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(e.stack + '\n');
    return 2;
  }
  if (isEnvironmentError(e)) {
    process.stderr.write(`weightscale: ${describeEnvironmentError(e)}\n`);
    if (debug && e.stack) process.stderr.write(e.stack + '\n');
    return 1;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`weightscale: internal error: ${err.message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err.stack) process.stderr.write(err.stack + '\n');
  return 1;
}
