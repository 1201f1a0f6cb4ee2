/**
 * Buffers (docs/design.md section 4): tensors that belong to no layer and never change, such as rotary cos/sin
 * tables, attention masks and folded constants. They are found by comparing each candidate's stored values, bit for
 * bit, at every checkpoint against the first, in chunks, stopping at the first difference; so a table that changes
 * costs one chunk, and one that does not costs one read of it per checkpoint. Bitwise, so a mask of -Inf or a NaN
 * padding compares equal to itself.
 */
import type { TensorEntry } from '../checkpoint/types.js';
import { TensorReader, isDouble } from '../checkpoint/read-tensor.js';

/** The names among `candidates` whose values are the same bits at every checkpoint (a tensor missing somewhere changes). */
export function unchangedTensors(
  candidates: readonly string[],
  entries: (tensor: string) => readonly (TensorEntry | null)[],
  chunkElements: number,
): Set<string> {
  const reader = new TensorReader();
  const unchanged = new Set<string>();
  try {
    for (const name of candidates) if (sameEverywhere(reader, entries(name), chunkElements)) unchanged.add(name);
  } finally {
    reader.close();
  }
  return unchanged;
}

function sameEverywhere(reader: TensorReader, list: readonly (TensorEntry | null)[], chunkElements: number): boolean {
  const first = list[0]!;
  if (list.some((e) => e === null)) return false;
  const make = () => (isDouble(first) ? new Float64Array(chunkElements) : new Float32Array(chunkElements));
  const [a, b] = [make(), make()];
  for (let start = 0; start < first.elements; start += chunkElements) {
    const count = Math.min(chunkElements, first.elements - start);
    const base = bits(reader.readRange(first, start, count, a));
    for (let t = 1; t < list.length; t++) {
      const other = bits(reader.readRange(list[t]!, start, count, b));
      for (let i = 0; i < base.length; i++) if (base[i] !== other[i]) return false;
    }
  }
  return true;
}

function bits(view: Float32Array | Float64Array): Uint32Array {
  return new Uint32Array(view.buffer, view.byteOffset, view.byteLength / 4);
}
