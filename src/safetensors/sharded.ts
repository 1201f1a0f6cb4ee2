/**
 * `indexShardedCheckpoint(dirOrIndex)`: the tensor index of a sharded checkpoint, `model.safetensors.index.json`
 * (`{metadata?, weight_map: {tensor: shard file}}`) plus its shards. Shard names must be plain relative names inside
 * the checkpoint directory (no absolute path, no `..` escape, no symlink, no file with several hard links: the checks
 * of ONNX external data). Every shard named is indexed from its header; a missing shard, a tensor held by two
 * shards, a tensor the weight_map places in a shard that does not hold it, or a shard tensor missing from the
 * weight_map is an error. Metadata: the index's `metadata` (non-strings as JSON) over the shards' `__metadata__`.
 * `order` lists the weight tensors in order of first appearance in the weight_map. `linksInto` (the hub cache's
 * `blobs/`): shards that are symlinks resolving inside it are followed (onnx/contained-file.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { CheckpointIndex, TensorEntry } from '../checkpoint/types.js';
import { errCode, openContainedFile } from '../onnx/contained-file.js';
import { MAX_HEADER_BYTES } from './header.js';
import { readExactly, readHeader } from './read-header.js';
import { weightEntries } from './file-index.js';
import { naturalCompare } from '../checkpoint/natural-order.js';

export const SHARD_INDEX_NAME = 'model.safetensors.index.json';
const SHARD_WORDS = { what: 'shard', dir: 'the checkpoint directory', near: 'in the checkpoint directory' };

export function indexShardedCheckpoint(dirOrIndex: string, linksInto?: string): CheckpointIndex {
  const indexPath = isDirectory(dirOrIndex) ? findShardIndex(dirOrIndex) : dirOrIndex;
  const dir = path.dirname(indexPath);
  const { weightMap, metadata } = readShardIndex(indexPath);

  const shardOf = new Map<string, string>(); // tensor -> shard that holds it
  const entries = new Map<string, TensorEntry>();
  const shardMetadata: Record<string, string> = {};
  for (const shard of new Set(weightMap.values())) {
    const file = openContainedFile(dir, shard, indexPath, SHARD_WORDS, linksInto);
    const shardPath = linksInto === undefined ? path.join(dir, path.normalize(shard)) : file.path;
    let header;
    try {
      header = readHeader(shardPath, file.fd, file.size);
    } finally {
      fs.closeSync(file.fd);
    }
    for (const t of header.tensors) {
      const other = shardOf.get(t.name);
      if (other !== undefined) {
        throw new InputError(`${indexPath}: tensor ${JSON.stringify(t.name)} is in two shards, ${JSON.stringify(other)} and ${JSON.stringify(shard)}`);
      }
      if (!weightMap.has(t.name)) {
        throw new InputError(`${indexPath}: tensor ${JSON.stringify(t.name)} of shard ${JSON.stringify(shard)} is missing from the weight_map`);
      }
      shardOf.set(t.name, shard);
    }
    for (const e of weightEntries(shardPath, header)) entries.set(e.name, e);
    for (const [k, v] of Object.entries(header.metadata)) if (!Object.hasOwn(shardMetadata, k)) shardMetadata[k] = v;
  }

  const tensors = new Map<string, TensorEntry>();
  for (const [name, shard] of weightMap) {
    const holder = shardOf.get(name);
    if (holder !== shard) {
      const where = holder === undefined ? 'no shard holds it' : `it is in ${JSON.stringify(holder)}`;
      throw new InputError(`${indexPath}: tensor ${JSON.stringify(name)}: the weight_map puts it in ${JSON.stringify(shard)}, but ${where}`);
    }
    const entry = entries.get(name);
    if (entry) tensors.set(name, entry);
  }
  return {
    path: isDirectory(dirOrIndex) ? dirOrIndex : dir,
    format: 'safetensors',
    tensors,
    metadata: { ...shardMetadata, ...metadata },
    order: [...tensors.keys()],
  };
}

/** `model.safetensors.index.json` in `dir`, or the only `*.safetensors.index.json` there. */
export function findShardIndex(dir: string): string {
  const standard = path.join(dir, SHARD_INDEX_NAME);
  if (fs.existsSync(standard)) return standard;
  const found = fs.readdirSync(dir).filter((f) => f.endsWith('.safetensors.index.json'));
  if (found.length === 1) return path.join(dir, found[0]!);
  if (found.length === 0) throw new InputError(`${dir}: no ${SHARD_INDEX_NAME} in this directory`);
  throw new InputError(`${dir}: several shard indexes (${found.sort(naturalCompare).join(', ')}); pass one of them`);
}

function readShardIndex(indexPath: string): { weightMap: Map<string, string>; metadata: Record<string, string> } {
  let text: string;
  try {
    const size = fs.statSync(indexPath).size;
    if (size > MAX_HEADER_BYTES) throw new InputError(`${indexPath}: shard index of ${size} bytes is over the 100 MB limit`);
    const fd = fs.openSync(indexPath, 'r');
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readExactly(indexPath, fd, 0, size));
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof TypeError) throw new InputError(`${indexPath}: the shard index is not valid UTF-8`);
    throw new InputError(`${indexPath}: cannot read the shard index (${errCode(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${indexPath}: the shard index is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const weightMapJson = isObject(json) ? json['weight_map'] : undefined;
  if (!isObject(weightMapJson)) throw new InputError(`${indexPath}: the shard index has no weight_map object`);
  const weightMap = new Map<string, string>();
  for (const [name, shard] of Object.entries(weightMapJson)) {
    if (typeof shard !== 'string') {
      throw new InputError(`${indexPath}: weight_map entry of tensor ${JSON.stringify(name)} is not a file name`);
    }
    weightMap.set(name, shard);
  }
  const metadata: Record<string, string> = {};
  const metaJson = (json as Record<string, unknown>)['metadata'];
  if (isObject(metaJson)) {
    for (const [k, v] of Object.entries(metaJson)) metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return { weightMap, metadata };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
