/** `--input-shape C,H,W` (or CxHxW) of `train` and `artifacts`: a model's image input without the batch. */
import { invalidOption } from '../errors.js';

export function parseInputShape(text: string): [number, number, number] {
  const dims = text.split(/[x,]/).map((d) => Number(d.trim()));
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) throw invalidOption('--input-shape', text, 'C,H,W such as 1,28,28 or 3x32x32');
  return dims as [number, number, number];
}
