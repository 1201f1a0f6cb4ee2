/**
 * The tensor index of a remote checkpoint (docs/design.md section 12), read by HTTP range requests: a `.safetensors`
 * file (8 bytes of length, then the header), a shard index (`*.safetensors.index.json`, then each shard's header), or
 * an `.onnx` file. Entries point at the URL (storage kind 'url'); no weight is read here. An `.onnx` file is copied
 * into a temporary directory, with its external data files standing there as sparse files of their remote sizes, and
 * indexed by the local ONNX reader (all its checks); the entries are then pointed back at the URLs. With external
 * data that copies the graph only; weights inside the .onnx are copied once for indexing, then deleted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { CheckpointIndex, TensorEntry } from '../checkpoint/types.js';
import { parseModelConfig } from '../checkpoint/model-config.js';
import { checkFileSize, checkHeaderLength, parseHeader, MAX_HEADER_BYTES } from '../safetensors/header.js';
import { weightEntries } from '../safetensors/file-index.js';
import { remoteReads, type RemoteReads } from '../remote/channel.js';
import { redactUrl, siblingUrl, urlPath } from '../remote/url.js';
import { onnx, type pb } from '../onnx/proto.js';
import { readSkeleton, SELF_LOCATION } from '../onnx/skeleton.js';
import { indexOnnx } from './onnx-index.js';

export interface RemoteCheckpoint {
  index: CheckpointIndex;
  /** Bytes of the checkpoint's files (the .safetensors file or shards; the .onnx file). */
  bytes: number;
}

const COPY_CHUNK = 16 * 2 ** 20;
const MAX_CONFIG_BYTES = 16 * 2 ** 20;

export function isRemoteCheckpointName(url: string): boolean {
  return /\.(safetensors|safetensors\.index\.json|onnx)$/i.test(urlPath(url));
}

export function openRemoteCheckpoint(url: string): RemoteCheckpoint {
  return openRemoteCheckpoints([url])[0]!;
}

/**
 * Several remote checkpoints, indexed together: each step's requests for all of them (shard indexes, then every
 * safetensors file's 8-byte length, then every header) are in flight at once, up to --connections, so a run takes a
 * few round trips rather than a few per checkpoint and shard. `.onnx` files are indexed one after another.
 */
export function openRemoteCheckpoints(urls: readonly string[]): RemoteCheckpoint[] {
  for (const url of urls) {
    if (!isRemoteCheckpointName(url)) {
      throw new InputError(`${redactUrl(url)}: not a checkpoint URL weightscale reads (a .safetensors file, a *.safetensors.index.json shard index, or an .onnx file)`);
    }
  }
  const isIndex = (url: string) => /\.safetensors\.index\.json$/i.test(urlPath(url));
  const isSingle = (url: string) => /\.safetensors$/i.test(urlPath(url));
  const indexUrls = urls.filter(isIndex);
  const indexTexts = fetchAll(indexUrls, (u) => ({ kind: 'whole', url: u, maxBytes: MAX_HEADER_BYTES, missingOk: false }));
  const indexes = new Map(indexUrls.map((u, i) => [u, shardIndex(u, indexTexts[i]!.data!)] as const));
  const shardUrls = [...indexes.values()].flatMap((index) => index.shardUrls);
  const files = safetensorsFiles([...new Set([...urls.filter(isSingle), ...shardUrls])]);
  return urls.map((url) => {
    if (isSingle(url)) {
      const file = files.get(url)!;
      return { index: withConfig({ path: redactUrl(url), format: 'safetensors', tensors: toMap(file.entries), metadata: file.metadata }, url), bytes: file.size };
    }
    const index = indexes.get(url);
    return index !== undefined ? assembleSharded(url, index, files) : remoteOnnx(url);
  });
}

interface SafetensorsFile {
  entries: TensorEntry[];
  metadata: Record<string, string>;
  size: number;
}

/** Requests for all of `urls` posted together, then their replies in order. */
function fetchAll(urls: readonly string[], request: (url: string, i: number) => Parameters<RemoteReads['start']>[0]): { data: Uint8Array | null; total: number }[] {
  const reads = remoteReads();
  const tickets = urls.map((u, i) => reads.start(request(u, i)));
  return tickets.map((t) => reads.wait(t));
}

/** The safetensors files at `urls`: every length prefix requested together, then every header. */
function safetensorsFiles(urls: readonly string[]): Map<string, SafetensorsFile> {
  const heads = fetchAll(urls, (u) => ({ kind: 'range', url: u, offset: 0, length: 8 }));
  const lengths = urls.map((url, i) => {
    const head = heads[i]!;
    const shown = redactUrl(url);
    const size = head.total;
    if (!Number.isFinite(size)) throw new InputError(`${shown}: the server does not say the file's size (Content-Range without a total)`);
    checkFileSize(shown, size);
    const data = head.data!;
    return { size, headerLength: checkHeaderLength(shown, new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0, true), size) };
  });
  const headers = fetchAll(urls, (u, i) => ({ kind: 'range', url: u, offset: 8, length: lengths[i]!.headerLength }));
  return new Map(
    urls.map((url, i) => {
      const got = headers[i]!;
      const { size, headerLength } = lengths[i]!;
      const dataStart = 8 + headerLength;
      const header = parseHeader(redactUrl(url), got.data!, size - dataStart);
      const entries = weightEntries(url, { ...header, headerLength, dataStart, fileSize: size }).map(toUrlEntry(url));
      return [url, { entries, metadata: header.metadata, size }] as const;
    }),
  );
}

interface ShardIndex {
  json: Record<string, unknown>;
  weightMap: Map<string, string>;
  /** Each shard's URL, in the order the weight_map first names it. */
  shardUrls: string[];
  shards: string[];
}

function shardIndex(indexUrl: string, data: Uint8Array): ShardIndex {
  const shown = redactUrl(indexUrl);
  const json = parseJson(decodeText(data, shown, 'the shard index'), shown, 'the shard index');
  const weightMapJson = json['weight_map'];
  if (!isObject(weightMapJson)) throw new InputError(`${shown}: the shard index has no weight_map object`);
  const weightMap = new Map<string, string>();
  for (const [tensor, shard] of Object.entries(weightMapJson)) {
    if (typeof shard !== 'string') throw new InputError(`${shown}: weight_map entry of tensor ${JSON.stringify(tensor)} is not a file name`);
    weightMap.set(tensor, shard);
  }
  const shards = [...new Set(weightMap.values())];
  return { json, weightMap, shards, shardUrls: shards.map((shard) => siblingUrl(indexUrl, shard, shown, 'shard')) };
}

function assembleSharded(indexUrl: string, index: ShardIndex, files: ReadonlyMap<string, SafetensorsFile>): RemoteCheckpoint {
  const shown = redactUrl(indexUrl);
  const { json, weightMap } = index;
  const holder = new Map<string, string>();
  const entries = new Map<string, TensorEntry>();
  const shardMetadata: Record<string, string> = {};
  let bytes = 0;
  index.shards.forEach((shard, i) => {
    const file = files.get(index.shardUrls[i]!)!;
    bytes += file.size;
    for (const e of file.entries) {
      const other = holder.get(e.name);
      if (other !== undefined) throw new InputError(`${shown}: tensor ${JSON.stringify(e.name)} is in two shards, ${JSON.stringify(other)} and ${JSON.stringify(shard)}`);
      if (!weightMap.has(e.name)) throw new InputError(`${shown}: tensor ${JSON.stringify(e.name)} of shard ${JSON.stringify(shard)} is missing from the weight_map`);
      holder.set(e.name, shard);
      entries.set(e.name, e);
    }
    for (const [k, v] of Object.entries(file.metadata)) if (!Object.hasOwn(shardMetadata, k)) shardMetadata[k] = v;
  });
  const tensors = new Map<string, TensorEntry>();
  for (const [tensor, shard] of weightMap) {
    const e = entries.get(tensor);
    if (e && holder.get(tensor) !== shard) {
      throw new InputError(`${shown}: tensor ${JSON.stringify(tensor)}: the weight_map puts it in ${JSON.stringify(shard)}, but it is in ${JSON.stringify(holder.get(tensor))}`);
    }
    if (e) tensors.set(tensor, e);
  }
  const metadata: Record<string, string> = { ...shardMetadata };
  const metaJson = json['metadata'];
  if (isObject(metaJson)) for (const [k, v] of Object.entries(metaJson)) metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const checkpoint: CheckpointIndex = { path: redactUrl(siblingDir(indexUrl)), format: 'safetensors', tensors, metadata, order: [...tensors.keys()] };
  return { index: withConfig(checkpoint, indexUrl), bytes };
}

function remoteOnnx(url: string): RemoteCheckpoint {
  const shown = redactUrl(url);
  const reads = remoteReads();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weightscale-remote-'));
  try {
    const local = path.join(tmp, path.basename(urlPath(url)));
    const size = copyToFile(url, local);
    const urls = new Map<string, string>([[fs.realpathSync(local), url]]);
    for (const location of externalLocations(readSkeleton(local))) {
      const ext = siblingUrl(url, location, shown, 'external data');
      const extSize = reads.range(ext, 0, 1).total;
      const file = path.join(tmp, location);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      fs.truncateSync(file, extSize);
      urls.set(fs.realpathSync(file), ext);
    }
    const index = indexOnnx(local);
    for (const e of index.tensors.values()) {
      if (e.storage.kind !== 'file') continue;
      const target = urls.get(e.storage.path);
      if (target === undefined) throw new Error(`remote ONNX index: ${e.name} points at an unexpected file`);
      e.storage = { kind: 'url', url: target, offset: e.storage.offset, bytes: e.storage.bytes };
    }
    return { index: { ...index, path: shown }, bytes: size };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Copies `url` into `file` by ranges; returns its size. */
function copyToFile(url: string, file: string): number {
  const reads = remoteReads();
  const fd = fs.openSync(file, 'w');
  try {
    let size = Infinity;
    for (let offset = 0; offset < size; ) {
      const got = reads.range(url, offset, Math.min(COPY_CHUNK, size - offset === Infinity ? COPY_CHUNK : size - offset));
      if (size === Infinity) {
        size = got.total;
        if (!Number.isFinite(size)) throw new InputError(`${redactUrl(url)}: the server does not say the file's size (Content-Range without a total)`);
        if (got.data.length > size) throw new InputError(`${redactUrl(url)}: more bytes than the file's size`);
      }
      fs.writeSync(fd, got.data, 0, got.data.length, offset);
      offset += got.data.length;
    }
    return size;
  } finally {
    fs.closeSync(fd);
  }
}

/** External data locations (other than the skeleton's own) of every tensor in a model's skeleton, subgraphs included. */
function externalLocations(skeleton: Uint8Array): Set<string> {
  const found = new Set<string>();
  const tensor = (t: pb.ITensorProto | null | undefined) => {
    for (const { key, value } of t?.externalData ?? []) if (key === 'location' && value && value !== SELF_LOCATION) found.add(value);
  };
  const graph = (g: pb.IGraphProto | null | undefined) => {
    if (!g) return;
    (g.initializer ?? []).forEach(tensor);
    for (const n of g.node ?? []) {
      for (const a of n.attribute ?? []) {
        tensor(a.t);
        (a.tensors ?? []).forEach(tensor);
        graph(a.g);
        (a.graphs ?? []).forEach(graph);
      }
    }
  };
  try {
    graph(onnx.ModelProto.decode(skeleton).graph);
  } catch {
    // Not a model: indexOnnx says so, naming the file.
  }
  return found;
}

/** `config.json` beside the checkpoint, when the URL carries no query string (a presigned URL signs one object only). */
function withConfig(index: CheckpointIndex, url: string): CheckpointIndex {
  if (new URL(url).search !== '') return index;
  const configUrl = siblingUrl(url, 'config.json', redactUrl(url), 'config');
  const got = remoteReads().whole(configUrl, MAX_CONFIG_BYTES, true);
  if (!got) return index;
  return { ...index, config: parseModelConfig(decodeText(got.data, redactUrl(configUrl), 'config.json'), redactUrl(configUrl)) };
}

function toUrlEntry(url: string) {
  return (e: TensorEntry): TensorEntry => (e.storage.kind === 'file' ? { ...e, storage: { kind: 'url', url, offset: e.storage.offset, bytes: e.storage.bytes } } : e);
}

function toMap(entries: TensorEntry[]): Map<string, TensorEntry> {
  return new Map(entries.map((e) => [e.name, e]));
}

function siblingDir(url: string): string {
  return new URL('.', url).href;
}

function decodeText(bytes: Uint8Array, shown: string, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${shown}: ${what} is not valid UTF-8`);
  }
}

function parseJson(text: string, shown: string, what: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${shown}: ${what} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isObject(json)) throw new InputError(`${shown}: ${what} is not a JSON object`);
  return json;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
