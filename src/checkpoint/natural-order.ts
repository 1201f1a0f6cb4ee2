/**
 * Natural order of names: runs of digits compare as numbers (`layers.9` < `layers.10`, `checkpoint-25` <
 * `checkpoint-100`), other runs by code unit; a digit run sorts before a non-digit run at the same place
 * (`conv1` < `conv_dw`). Used for checkpoint lists, warnings and depth order without a graph.
 */
import { basename } from 'node:path';

export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const [x, y] = [ra[i]!, rb[i]!];
    const [dx, dy] = [/^\d/.test(x), /^\d/.test(y)];
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      if (x.length !== y.length) return x.length - y.length;
    } else if (dx !== dy) {
      return dx ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return ra.length - rb.length;
}

/** The last integer in a file or directory name (`checkpoint-1500` -> 1500, `resnet50-v2-ep007.onnx` -> 7), or null. */
export function lastInteger(name: string): number | null {
  const matches = basename(name).match(/\d+/g);
  return matches ? Number(matches[matches.length - 1]) : null;
}
