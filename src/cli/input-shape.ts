/** `--input-shape C,H,W` of `train` and `artifacts`. */
import { InputError } from '../errors.js';

export function parseShape(text: string): number[] {
  const dims = text.split(/[x,]/).map((d) => Number(d.trim()));
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new InputError(`--input-shape ${text}: expected C,H,W such as 1,28,28 or 3x32x32`);
  }
  return dims;
}
