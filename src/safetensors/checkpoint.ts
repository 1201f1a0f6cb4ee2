/**
 * One safetensors checkpoint, whatever its layout: a `.safetensors` file, a shard index
 * (`*.safetensors.index.json`), or a directory holding one checkpoint (as the Hugging Face Trainer's
 * `checkpoint-<step>/`): its `model.safetensors.index.json`, else `model.safetensors`, else its only shard index or
 * its only `.safetensors` file. The `config.json` beside the weights (in the directory, or beside the file) is read
 * into `config`. `linksInto`: see sharded.ts (the hub cache).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { CheckpointIndex } from '../checkpoint/types.js';
import { indexSafetensors } from './file-index.js';
import { SHARD_INDEX_NAME, indexShardedCheckpoint, isDirectory } from './sharded.js';
import { readModelConfig } from '../checkpoint/model-config.js';
import { naturalCompare } from '../checkpoint/natural-order.js';

export type CheckpointLayout = { kind: 'single'; file: string } | { kind: 'sharded'; index: string };

/** True for a path `indexSafetensorsCheckpoint` reads: a .safetensors file, a shard index, or a checkpoint dir. */
export function isSafetensorsPath(p: string): boolean {
  if (isDirectory(p)) return checkpointLayout(p) !== undefined || checkpointSubdirs(p).length > 0;
  return p.endsWith('.safetensors') || p.endsWith('.safetensors.index.json');
}

/** What a directory holds as one checkpoint; undefined when it holds no safetensors file at all. */
export function checkpointLayout(dir: string): CheckpointLayout | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw new InputError(`${dir}: cannot read the directory (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const has = (n: string) => names.includes(n) && fs.statSync(path.join(dir, n)).isFile();
  if (has(SHARD_INDEX_NAME)) return { kind: 'sharded', index: path.join(dir, SHARD_INDEX_NAME) };
  if (has('model.safetensors')) return { kind: 'single', file: path.join(dir, 'model.safetensors') };
  const indexes = names.filter((n) => n.endsWith('.safetensors.index.json') && has(n));
  if (indexes.length === 1) return { kind: 'sharded', index: path.join(dir, indexes[0]!) };
  if (indexes.length > 1) throw new InputError(`${dir}: several shard indexes (${indexes.sort(naturalCompare).join(', ')}); pass one of them`);
  const files = names.filter((n) => n.endsWith('.safetensors') && has(n));
  if (files.length === 1) return { kind: 'single', file: path.join(dir, files[0]!) };
  if (files.length > 1) {
    throw new InputError(
      `${dir}: several .safetensors files and no ${SHARD_INDEX_NAME}: as one checkpoint this is ambiguous (analyze it as a run, or pass one file)`,
    );
  }
  return undefined;
}

export function indexSafetensorsCheckpoint(p: string, linksInto?: string): CheckpointIndex {
  if (!isDirectory(p)) {
    const index = p.endsWith('.json') ? indexShardedCheckpoint(p, linksInto) : indexSafetensors(p);
    return withConfig(index, path.dirname(p));
  }
  const layout = checkpointLayout(p);
  const subdirs = layout ? [] : checkpointSubdirs(p);
  if (subdirs.length > 0) {
    throw new InputError(`${p}: a run of ${subdirs.length} safetensors checkpoints, not one checkpoint; pass one of them (${subdirs[0]})`);
  }
  if (!layout) throw new InputError(`${p}: no safetensors checkpoint in this directory (no .safetensors file or ${SHARD_INDEX_NAME})`);
  const index = layout.kind === 'sharded' ? indexShardedCheckpoint(layout.index, linksInto) : indexSafetensors(layout.file);
  return withConfig({ ...index, path: p }, p);
}

function withConfig(index: CheckpointIndex, dir: string): CheckpointIndex {
  const config = readModelConfig(dir);
  return config ? { ...index, config } : index;
}

/** Subdirectories of `dir` that hold a checkpoint (a run of Trainer-style checkpoints), sorted by name. */
function checkpointSubdirs(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => isDirectory(path.join(dir, name)))
    .sort(naturalCompare)
    .filter((name) => {
      try {
        return checkpointLayout(path.join(dir, name)) !== undefined;
      } catch {
        return true;
      }
    });
}
