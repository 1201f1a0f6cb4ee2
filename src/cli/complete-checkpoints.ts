/**
 * Which of a run's checkpoints are completely written (`analyze --watch`, docs/design.md section 13): the leading
 * ones that open, whose every tensor lies inside its file, and whose files have not changed between two looks. A
 * checkpoint still being written (a growing file, an ONNX file that does not parse yet, a safetensors file shorter
 * than its header says, a Trainer `checkpoint-N/` without its weights, a shard index naming shards not there yet)
 * is waited for, never an error.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isInputError } from '../errors.js';
import { listRun } from '../analyze/checkpoints.js';
import { openCheckpoint } from '../formats/open.js';
import type { CheckpointIndex } from '../checkpoint/types.js';

export interface Completeness {
  /** The leading checkpoints found complete, as files relative to the run. */
  files: string[];
  /** Why the next checkpoint is not taken yet (or the run cannot be listed yet); null when all are complete. */
  waiting: string | null;
  /** The complete checkpoints' sizes and modification times: another stamp, another set of checkpoints (one replaced). */
  stamp: string;
}

export class CompleteCheckpoints {
  /** What each checkpoint's files looked like at the last look, and whether it was then found complete. */
  private readonly seen = new Map<string, { signature: string; complete: boolean }>();

  constructor(private readonly dir: string) {}

  look(): Completeness {
    let checkpoints;
    try {
      checkpoints = listRun(this.dir).checkpoints;
    } catch (e) {
      if (isInputError(e)) return { files: [], waiting: e.message, stamp: '' };
      throw e;
    }
    const files: string[] = [];
    const stamps: string[] = [];
    const result = (waiting: string | null): Completeness => ({ files, waiting, stamp: stamps.join('\n') });
    for (const c of checkpoints) {
      const signature = filesSignature(c.path);
      const before = this.seen.get(c.path);
      if (before?.signature === signature && before.complete) {
        files.push(c.file);
        stamps.push(`${c.file} ${signature}`);
        continue;
      }
      const problem = signature === null ? 'not readable yet' : whyIncomplete(c.path);
      // Complete only when it opens and looked the same at the previous look, or was last written a while ago: a
      // file still growing is not taken.
      const stable = before?.signature === signature || Date.now() - newestMtime(signature ?? '') > SETTLED_MS;
      this.seen.set(c.path, { signature: signature ?? '', complete: problem === null && stable });
      if (problem !== null) return result(`${c.file}: ${problem}`);
      if (!stable) return result(`${c.file}: still being written`);
      files.push(c.file);
      stamps.push(`${c.file} ${signature}`);
    }
    return result(null);
  }
}

/** A checkpoint whose files were last modified this long ago is not being written any more. */
const SETTLED_MS = 2000;

function newestMtime(signature: string): number {
  return Math.max(0, ...signature.split('|').map((part) => Number(part.split(':').pop())));
}

/** Sizes and modification times of a checkpoint's file, or of the files of its directory (one level down too). */
function filesSignature(path: string): string | null {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return `${st.size}:${st.mtimeMs}`;
    const parts: string[] = [];
    const walk = (dir: string, depth: number) => {
      for (const name of readdirSync(dir).sort()) {
        const p = join(dir, name);
        const s = statSync(p);
        if (s.isDirectory()) {
          if (depth < 1) walk(p, depth + 1);
        } else parts.push(`${p}:${s.size}:${s.mtimeMs}`);
      }
    };
    walk(path, 0);
    return parts.join('|');
  } catch {
    return null;
  }
}

function whyIncomplete(path: string): string | null {
  let index: CheckpointIndex;
  try {
    index = openCheckpoint(path);
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  const sizes = new Map<string, number>();
  for (const t of index.tensors.values()) {
    const s = t.storage;
    if (s.kind !== 'file') continue;
    const size = sizes.get(s.path) ?? statSync(s.path).size;
    sizes.set(s.path, size);
    if (s.offset + s.bytes > size) return `${t.name} ends at byte ${s.offset + s.bytes} of ${s.path}, which holds ${size} so far`;
  }
  return null;
}
