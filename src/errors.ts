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
