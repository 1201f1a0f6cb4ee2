/**
 * Entry point of the `weightscale` command. Each command is a yargs command module in its own file; this file only
 * wires them together and turns failures into one line on stderr with the exit codes of docs/design.md section 8:
 * 2 for bad input or usage, 1 for internal errors (stack trace only with --debug) and for failures of the machine
 * (disk full, permission denied: one line naming the path and the cause).
 */
import yargs, { type Argv } from 'yargs';
import { isInputError } from '../errors.js';
import { VERSION } from '../version.js';
import { commands } from './commands.js';
import { describeEnvironmentError, isEnvironmentError } from './environment-error.js';
import { dashed, nearestOption, unknownArguments } from './suggest-option.js';

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  stopQuietlyWhenStdoutCloses();
  let cli = yargs(argv)
    .scriptName('weightscale')
    .usage('$0 <command> [options]\n\nPost-hoc analysis of neural-network training checkpoints stored as ONNX or safetensors.')
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress bars' })
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces of errors' })
    .version(VERSION)
    .help()
    .alias('help', 'h')
    .strict()
    .demandCommand(1, `name a command (${commandNames().join(', ')}); see 'weightscale --help'`)
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
    return reportError(e instanceof UsageError ? withOptionSuggestion(e, argv) : e, debug);
  }
}

/**
 * `weightscale inspect ... | head`: when the reader of stdout goes away, stop as `cat` and `ls` do, with exit 0 and
 * no stack trace, instead of an unhandled EPIPE.
 */
function stopQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
}

function commandNames(): string[] {
  return commands.map((c) => String(c.command).split(' ')[0]);
}

/** The options `command` (a command name, or null for none) accepts, global ones included, without dashes. */
function optionsOf(command: string | null): string[] {
  const module = commands.find((c) => String(c.command).split(' ')[0] === command);
  const global = ['quiet', 'q', 'debug', 'help', 'h', 'version'];
  if (!module || typeof module.builder !== 'function') return global;
  // The command's own builder on a throwaway parser lists its options (aliases included).
  const parser = (module.builder as (y: Argv) => Argv)(yargs([])) as unknown as {
    getOptions(): { key: Record<string, boolean>; alias: Record<string, string[]> };
  };
  const { key, alias } = parser.getOptions();
  return [...global, ...Object.keys(key), ...Object.values(alias).flat()];
}

/** An "Unknown argument" error with the nearest known option suggested, as a mistyped command gets one. */
function withOptionSuggestion(e: UsageError, argv: readonly string[]): UsageError {
  const unknown = unknownArguments(e.message);
  if (unknown.length === 0) return e;
  const command = argv.find((a) => commandNames().includes(a)) ?? null;
  const known = optionsOf(command);
  const parts = unknown.map((u) => {
    const near = nearestOption(u, known);
    return `${dashed(u)}${near ? ` (did you mean ${dashed(near)}?)` : ''}`;
  });
  const where = command ? ` for '${command}'` : '';
  return new UsageError(`unknown option${unknown.length === 1 ? '' : 's'}${where}: ${parts.join(', ')}`);
}

export function reportError(e: unknown, debug: boolean): number {
  if (e instanceof UsageError) {
    // One line: the message itself, pointing to --help when it does not already.
    const help = e.message.includes('--help') ? '' : /[.?!]$/.test(e.message) ? ` See 'weightscale --help'.` : `; see 'weightscale --help'`;
    process.stderr.write(`weightscale: ${e.message}${help}\n`);
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
