/**
 * Short display names for layers, used in charts, legends and tables (the full name stays on hover and in the layer
 * table). Pure. Rules, applied to the names' path segments (split on "/"):
 *  1. a segment that the next one extends with "." is dropped (`features/features.5/features.5.0` -> `features.5.0`);
 *  2. the last segment is dropped when it looks like an ONNX op type (a capital letter, then letters and digits,
 *     optionally `_N`): PyTorch names a node `<module path>/<Op>` (`/conv1/Conv` -> `conv1`);
 *  3. a trailing ".<digits>" of the last segment is dropped when no other name has a sibling index there
 *     (`block.1.0` -> `block.1` when there is no `block.1.1`): an index without siblings says nothing;
 *  4. the leading and trailing segments every name shares are dropped (at least one segment is kept);
 *  5. the remaining segments are joined with a space.
 * The most shortened variant whose names are all distinct is used; when none is, the names are returned unchanged.
 */

export interface NamedLayer {
  name: string;
}

const OP_SEGMENT = /^[A-Z][A-Za-z0-9]*(_\d+)?$/;

/** Rule 1: drop segments that the following segment extends with ".". */
export function compressSegments(segments: readonly string[]): string[] {
  return segments.filter((s, i) => !(i + 1 < segments.length && segments[i + 1].startsWith(`${s}.`)));
}

function dropOp(segments: string[]): string[] {
  return segments.length >= 2 && OP_SEGMENT.test(segments[segments.length - 1]) ? segments.slice(0, -1) : segments;
}

const TRAILING_INDEX = /^(.*)\.(\d+)$/;

/** Rule 3 over all names at once. */
function dropLoneIndices(all: string[][]): string[][] {
  const indicesOf = new Map<string, Set<string>>();
  const stemOf = (segments: string[]) => {
    const m = TRAILING_INDEX.exec(segments[segments.length - 1] ?? '');
    return m ? { key: [...segments.slice(0, -1), m[1]].join('/'), index: m[2], stem: m[1] } : null;
  };
  for (const segments of all) {
    for (let n = 1; n <= segments.length; n++) {
      const s = stemOf(segments.slice(0, n));
      if (s) indicesOf.set(s.key, (indicesOf.get(s.key) ?? new Set()).add(s.index));
    }
  }
  return all.map((segments) => {
    const s = stemOf(segments);
    if (!s || (indicesOf.get(s.key)?.size ?? 0) > 1) return segments;
    return [...segments.slice(0, -1), s.stem];
  });
}

/** Rule 4: drop the leading and trailing segments all names share, keeping at least one per name. */
function stripShared(all: string[][]): string[][] {
  if (all.length < 2) return all;
  const shortest = Math.min(...all.map((s) => s.length));
  let head = 0;
  while (head < shortest - 1 && all.every((s) => s[head] === all[0][head])) head++;
  let tail = 0;
  while (
    tail < shortest - 1 - head &&
    all.every((s) => s[s.length - 1 - tail] === all[0][all[0].length - 1 - tail])
  ) {
    tail++;
  }
  return all.map((s) => s.slice(head, s.length - tail));
}

function distinct(names: readonly string[]): boolean {
  return new Set(names).size === names.length && names.every((n) => n.length > 0);
}

/** Display name of each layer, in input order (see the rules above). */
export function displayNames(layers: readonly NamedLayer[]): string[] {
  const split = layers.map((l) => compressSegments(l.name.split('/').filter((s) => s.length > 0)));
  const withoutOp = split.map(dropOp);
  const candidates = [stripShared(dropLoneIndices(withoutOp)), stripShared(withoutOp), stripShared(split)];
  for (const candidate of candidates) {
    const names = candidate.map((s) => s.join(' '));
    if (distinct(names)) return names;
  }
  return layers.map((l) => l.name);
}

/** name -> display name of `layers` (see displayNames). */
export function displayNameMap(layers: readonly NamedLayer[]): Map<string, string> {
  const names = displayNames(layers);
  return new Map(layers.map((l, i) => [l.name, names[i]]));
}
