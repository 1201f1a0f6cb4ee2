/** Checks `--connections` and sets up the HTTP client of remote runs with it (src/remote). */
import { invalidOption } from '../errors.js';
import { configureRemote } from '../remote/channel.js';
import { DEFAULT_CONNECTIONS } from './connections-option.js';

export function setUpRemote(connections: number | undefined): void {
  if (connections !== undefined && !(Number.isInteger(connections) && connections > 0)) {
    throw invalidOption('--connections', connections, 'a positive integer');
  }
  configureRemote({ connections: connections ?? DEFAULT_CONNECTIONS });
}
