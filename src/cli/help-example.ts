/** The example of a command's --help. */

/**
 * A help text's example as an epilogue: the command on a line of its own (so a narrow terminal never wraps it
 * mid-command, as yargs's two-column examples do), what it does indented below.
 */
export function exampleText(command: string, what: string): string {
  return `Example:\n  ${command}\n      ${what}`;
}
