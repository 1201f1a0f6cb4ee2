/**
 * Errors the user can act on (bad file, bad option, missing data). The CLI prints `message` as one line and exits
 * with code 2; anything else is an internal error (exit 1). Every stage throws these for bad input.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/**
 * The one wording of a bad option value, for every command and the library:
 * `invalid --epochs: got 1.5, expected a non-negative integer`.
 */
export function invalidOption(option: string, got: unknown, expected: string): InputError {
  const shown = typeof got === 'string' ? JSON.stringify(got) : Array.isArray(got) ? got.join(',') : String(got);
  return new InputError(`invalid ${option}: got ${shown}, expected ${expected}`);
}
