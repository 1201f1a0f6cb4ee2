/**
 * The pass cache (docs/design.md section 13): the streaming pass's per-layer sums, kept in the report directory, so
 * that a rerun after new checkpoints arrive sums only the new ones. A checkpoint is known by its identity (path,
 * size and modification time of its files, and a hash of its tensor index: names, dtypes, shapes, where the bytes
 * are); the sums depend on nothing else but the plan (tool version, RWC method, parameters, every-k, chunk size and
 * the layers with their tensors), hashed. A rerun reuses the sums of the leading checkpoints whose identities are
 * unchanged: a replaced or removed checkpoint invalidates it and every later one. Pure but for `checkpointIdentity`,
 * which stats files.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { CheckpointIndex } from '../checkpoint/types.js';
import { isRemoteUrl } from '../remote/url.js';
import { SUM_KEYS, type LayerTotals } from './pass.js';

export const PASS_CACHE_FILE = 'pass-cache.json';
const SCHEMA = 'weightscale.pass-cache/1';

export interface CheckpointIdentity {
  /** The checkpoint's path relative to the run. */
  file: string;
  /** Total size and latest modification time of its file (or directory) and the files its tensors are read from. */
  bytes: number;
  mtimeMs: number;
  /** A hash of its tensor index. */
  index: string;
}

export interface PassCache {
  schema: typeof SCHEMA;
  plan: string;
  checkpoints: CheckpointIdentity[];
  pairs: [number, number][];
  /** Per pass layer, in the pass's order. */
  totals: LayerTotals[];
  /** Constant-table candidates (buffers.ts): the first checkpoint at which each differs from the first, or null. */
  firstChange: Record<string, number | null>;
}

export function checkpointIdentity(file: string, index: CheckpointIndex, stamps = fileStamps(storedFiles(index))): CheckpointIdentity {
  const tensors: unknown[] = [];
  for (const t of index.tensors.values()) {
    const s = t.storage;
    const where = s.kind === 'file' ? [s.path, s.offset, s.bytes] : s.kind === 'memory' ? [hash(Buffer.from(s.data.buffer, s.data.byteOffset, s.data.byteLength))] : [s];
    tensors.push([t.name, t.dataType, t.shape, where]);
  }
  return { file, ...totalStamp(stamps), index: hash(JSON.stringify([index.format, index.metadata, tensors])) };
}

/**
 * The checkpoint's own file (or directory) and the files its tensors are stored in. A remote checkpoint (src/remote)
 * has none: it is known by its URL and its index alone, whose header holds every tensor's byte range.
 */
export function storedFiles(index: CheckpointIndex): string[] {
  const files = new Set<string>(isRemoteUrl(index.path) ? [] : [index.path]);
  for (const t of index.tensors.values()) if (t.storage.kind === 'file') files.add(t.storage.path);
  return [...files];
}

export interface FileStamp {
  bytes: number;
  mtimeMs: number;
}

/** Size and modification time of each of `files`. */
export function fileStamps(files: readonly string[]): FileStamp[] {
  return files.map((path) => {
    const st = statSync(path);
    return { bytes: st.size, mtimeMs: st.mtimeMs };
  });
}

/** Total size and newest modification time. */
export function totalStamp(stamps: readonly FileStamp[]): FileStamp {
  return { bytes: stamps.reduce((sum, s) => sum + s.bytes, 0), mtimeMs: stamps.reduce((newest, s) => Math.max(newest, s.mtimeMs), 0) };
}

/** The hash of what the sums depend on besides the checkpoints. */
export function planHash(plan: unknown): string {
  return hash(JSON.stringify(plan));
}

/** How many leading checkpoints the cache holds sums of (0: none usable). */
export function reusableCheckpoints(cache: PassCache | null, identities: readonly CheckpointIdentity[]): number {
  if (!cache) return 0;
  let n = 0;
  while (n < identities.length && n < cache.checkpoints.length && sameIdentity(identities[n]!, cache.checkpoints[n]!)) n++;
  return n;
}

function sameIdentity(a: CheckpointIdentity, b: CheckpointIdentity): boolean {
  return a.file === b.file && a.bytes === b.bytes && a.mtimeMs === b.mtimeMs && a.index === b.index;
}

/** JSON, with the sums as numbers (JSON numbers round-trip float64 exactly) and NaN / ±Infinity as strings. */
export function encodePassCache(cache: PassCache): string {
  return JSON.stringify({ ...cache, totals: cache.totals.map(encodeTotals) });
}

/** One layer's sums as JSON values (shards.ts writes parts with them). */
export function encodeTotals(t: LayerTotals): Record<string, unknown> {
  return { elements: t.elements, ...Object.fromEntries(SUM_KEYS.map((k) => [k, Array.from(t[k], encodeNumber)])) };
}

export function decodeTotals(t: Record<string, unknown>): LayerTotals {
  const out = { elements: t.elements as number } as LayerTotals;
  for (const k of SUM_KEYS) out[k] = Float64Array.from(t[k] as (number | string)[], decodeNumber);
  return out;
}

/** The cache in `text`, or null when it is not one this version reads (it is then rebuilt, never an error). */
export function decodePassCache(text: string): PassCache | null {
  try {
    const raw = JSON.parse(text) as Omit<PassCache, 'totals'> & { totals: Record<string, unknown>[] };
    if (raw.schema !== SCHEMA || !Array.isArray(raw.totals) || !Array.isArray(raw.checkpoints)) return null;
    return { ...raw, totals: raw.totals.map(decodeTotals) };
  } catch {
    return null;
  }
}

function encodeNumber(v: number): number | string {
  return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? v : String(v);
}

function decodeNumber(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}

function hash(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}
