/**
 * What a long-lived analysis (`analyze --watch`, `train --report`) keeps between its updates, so that checkpoints
 * that did not change are not indexed again (docs/design.md section 13): the reference checkpoint, and each later
 * checkpoint's entries matched to it, with the size and modification time of the files they were read from. A
 * checkpoint whose files changed since, or a new reference, is indexed anew. A one-off `analyze` has no memo.
 */
import type { CheckpointIndex, TensorEntry } from '../checkpoint/types.js';
import { checkpointIdentity, fileStamps, storedFiles, type CheckpointIdentity } from './pass-cache.js';
import type { Reference, Unmatched } from './load.js';

interface Kept<T> {
  files: string[];
  stamp: string;
  identity: CheckpointIdentity;
  value: T;
}

export interface Matched {
  entries: Map<string, TensorEntry>;
  unmatched: Unmatched[];
}

export class IndexMemo {
  private reference: (Kept<Reference> & { path: string }) | null = null;
  private readonly later = new Map<string, Kept<Matched>>();

  /** The reference checkpoint at `path`, loaded by `load` unless kept and unchanged. */
  referenceAt(path: string, file: string, load: () => Reference): { ref: Reference; identity: CheckpointIdentity } {
    const kept = this.reference;
    if (kept && kept.path === path && kept.identity.file === file && unchanged(kept)) return { ref: kept.value, identity: kept.identity };
    const ref = load();
    this.later.clear(); // matched to another reference
    this.reference = { path, ...keep(file, ref.index, ref) };
    return { ref, identity: this.reference.identity };
  }

  /** A later checkpoint's entries matched to the reference, by `match(open())` unless kept and unchanged. */
  matchedAt(path: string, file: string, open: () => CheckpointIndex, match: (index: CheckpointIndex) => Matched): { matched: Matched; identity: CheckpointIdentity } {
    const kept = this.later.get(path);
    if (kept && kept.identity.file === file && unchanged(kept)) return { matched: kept.value, identity: kept.identity };
    const index = open();
    const entry = keep(file, index, match(index));
    this.later.set(path, entry);
    return { matched: entry.value, identity: entry.identity };
  }
}

function keep<T>(file: string, index: CheckpointIndex, value: T): Kept<T> {
  const files = storedFiles(index);
  const stamps = fileStamps(files);
  return { files, stamp: stampText(stamps), identity: checkpointIdentity(file, index, stamps), value };
}

/** A remote checkpoint (no local files) is never taken as unchanged: its listing has just read it again anyway. */
function unchanged(kept: Kept<unknown>): boolean {
  if (kept.files.length === 0) return false;
  try {
    return stampText(fileStamps(kept.files)) === kept.stamp;
  } catch {
    return false;
  }
}

function stampText(stamps: readonly { bytes: number; mtimeMs: number }[]): string {
  return stamps.map((s) => `${s.bytes}:${s.mtimeMs}`).join('|');
}
