/**
 * Failures of the machine rather than of weightscale or its input (disk full, permission denied, too many open
 * files): Node's system errors, with `code` (ENOSPC, EACCES, ...) and `syscall`. They are reported in one line
 * naming the path and the cause, exit 1, without the "run with --debug" hint of internal errors.
 */
export interface EnvironmentError extends Error {
  code: string;
  syscall: string;
  path?: string;
}

export function isEnvironmentError(e: unknown): e is EnvironmentError {
  if (!(e instanceof Error)) return false;
  const { code, syscall } = e as Partial<EnvironmentError>;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof syscall === 'string';
}

/** "PATH: no space left on device (ENOSPC)"; the path is `where` when the error does not carry one. */
export function describeEnvironmentError(e: EnvironmentError): string {
  // Node's message is "CODE: cause, syscall 'path'" (the path part only when known).
  const cause = e.message.replace(/^E[A-Z0-9]+: /, '').replace(/, \w+(?: '.*')?$/, '');
  return `${e.path ?? 'a file'}: ${cause} (${e.code})`;
}

/** Runs `write`, giving an environment error without a path (a failed write to an open file) the output's path. */
export async function writingTo<T>(path: string, write: () => Promise<T> | T): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isEnvironmentError(e) && e.path === undefined) e.path = path;
    throw e;
  }
}
