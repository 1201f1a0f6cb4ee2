/** `--connections N` of analyze and diff: HTTP requests in flight at most for runs read from URLs (docs/design.md section 12). */
import type { Argv } from 'yargs';

export const DEFAULT_CONNECTIONS = 8;

export function withConnectionsOption<T>(y: Argv<T>): Argv<T & { connections?: number }> {
  return y.option('connections', {
    type: 'number',
    describe: `Remote runs (a run list of URLs): HTTP requests in flight at most (default ${DEFAULT_CONNECTIONS})`,
  });
}
