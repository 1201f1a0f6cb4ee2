/**
 * Buffers (docs/design.md section 4): tensors that belong to no layer and never change, such as rotary cos/sin
 * tables, attention masks and folded constants. They are found by comparing each candidate's stored values, bit for
 * bit, at every checkpoint against the first, in chunks, stopping at the first difference; so a table that changes
 * costs one chunk, and one that does not costs one read of it per checkpoint. Bitwise, so a mask of -Inf or a NaN
 * padding compares equal to itself. An incremental analysis (pass-cache.ts) compares only the checkpoints it has
 * not seen.
 */
import type { TensorEntry } from '../checkpoint/types.js';
import { TensorReader, isDouble } from '../checkpoint/read-tensor.js';

/**
 * For each candidate, the first checkpoint at which its bits differ from the first checkpoint's (a missing tensor
 * differs), or null when they never do. `known` holds earlier answers that stand for the checkpoints before `from`:
 * a change found there is kept, and only checkpoints from `from` on are read.
 */
export function firstChanges(
  candidates: readonly string[],
  entries: (tensor: string) => readonly (TensorEntry | null)[],
  chunkElements: number,
  known: Readonly<Record<string, number | null>> = {},
  from = 1,
): Record<string, number | null> {
  const reader = new TensorReader();
  const out: Record<string, number | null> = {};
  try {
    for (const name of candidates) {
      const before = known[name];
      const start = before === undefined ? 1 : Math.max(1, from);
      out[name] = before !== undefined && before !== null && before < start ? before : firstChange(reader, entries(name), chunkElements, start);
    }
  } finally {
    reader.close();
  }
  return out;
}

/** The names among `candidates` whose values are the same bits at every checkpoint. */
export function unchangedOf(changes: Readonly<Record<string, number | null>>): Set<string> {
  return new Set(Object.keys(changes).filter((name) => changes[name] === null));
}

function firstChange(reader: TensorReader, list: readonly (TensorEntry | null)[], chunkElements: number, from: number): number | null {
  const first = list[0]!;
  const missing = list.findIndex((e, t) => t >= from && e === null);
  let end = missing < 0 ? list.length : missing;
  const make = () => (isDouble(first) ? new Float64Array(chunkElements) : new Float32Array(chunkElements));
  const [a, b] = [make(), make()];
  for (let start = 0; start < first.elements && end > from; start += chunkElements) {
    const count = Math.min(chunkElements, first.elements - start);
    const base = bits(reader.readRange(first, start, count, a));
    for (let t = from; t < end; t++) {
      const other = bits(reader.readRange(list[t]!, start, count, b));
      if (!sameBits(base, other)) {
        end = t;
        break;
      }
    }
  }
  return end < list.length ? end : null;
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function bits(view: Float32Array | Float64Array): Uint32Array {
  return new Uint32Array(view.buffer, view.byteOffset, view.byteLength / 4);
}
