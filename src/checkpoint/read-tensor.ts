/**
 * Reading weight values through the index: one element range of one tensor (the streaming pass reads tensors in
 * chunks), or a whole tensor. File bytes land directly in the output array's memory, so the result is aligned
 * whatever the offset in the file (PyTorch's raw_data is not aligned); float16/bfloat16 are widened to float32.
 * Files are opened once per reader and closed with `close()`. Remote tensors (storage kind 'url') are read by byte
 * range through this thread's remote reads (src/remote/channel.ts), synchronously as file reads are.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { DataType, type FloatData } from '../onnx/types.js';
import { bfloat16BitsToFloat32, halfBitsToFloat32 } from '../onnx/float16.js';
import { LITTLE_ENDIAN_HOST } from '../onnx/dtype.js';
import { remoteReads } from '../remote/channel.js';
import { redactUrl } from '../remote/url.js';
import type { TensorEntry, TensorStorage } from './types.js';

export function isDouble(entry: TensorEntry): boolean {
  return entry.dataType === DataType.DOUBLE;
}

export function bytesPerElement(entry: TensorEntry): number {
  return entry.dataType === DataType.DOUBLE ? 8 : entry.dataType === DataType.FLOAT ? 4 : 2;
}

export class TensorReader {
  private readonly fds = new Map<string, number>();
  /** Remote ranges requested ahead (`prefetch`), by range: the request's ticket. */
  private readonly prefetched = new Map<string, number>();
  private halfScratch = new Uint16Array(0);

  /**
   * Elements [start, start + count) of `entry` into `out` (Float64Array for DOUBLE tensors, else Float32Array), from
   * index 0 of `out`. Returns the filled view.
   */
  readRange(entry: TensorEntry, start: number, count: number, out: FloatData): FloatData {
    if (start < 0 || count < 0 || start + count > entry.elements) throw new Error(`readRange: ${start}+${count} outside ${entry.name}`);
    const view = out.subarray(0, count);
    const s = entry.storage;
    if (s.kind === 'memory') {
      view.set(s.data.subarray(start, start + count));
      return view;
    }
    const width = bytesPerElement(entry);
    const offset = s.offset + start * width;
    if (width === 2) {
      if (this.halfScratch.length < count) this.halfScratch = new Uint16Array(count);
      const words = this.halfScratch.subarray(0, count);
      this.readBytes(s, new Uint8Array(words.buffer, 0, count * 2), offset, entry);
      if (!LITTLE_ENDIAN_HOST) swapBytes(new Uint8Array(words.buffer, 0, count * 2), 2);
      const into = view as Float32Array<ArrayBuffer>;
      if (entry.dataType === DataType.FLOAT16) halfBitsToFloat32(words, into);
      else bfloat16BitsToFloat32(words, into);
      return view;
    }
    const bytes = new Uint8Array(view.buffer, view.byteOffset, count * width);
    this.readBytes(s, bytes, offset, entry);
    if (!LITTLE_ENDIAN_HOST) swapBytes(bytes, width);
    return view;
  }

  /**
   * The raw little-endian element bytes of elements [start, start + count) of a file- or URL-stored tensor, into `into`
   * (exactly count * bytesPerElement bytes), for a caller that widens them itself.
   */
  readWords(entry: TensorEntry, start: number, count: number, into: Uint8Array): Uint8Array {
    const s = entry.storage;
    const width = bytesPerElement(entry);
    if (s.kind === 'memory' || start < 0 || count < 0 || start + count > entry.elements || into.length !== count * width) {
      throw new Error(`readWords: ${start}+${count} of ${entry.name} into ${into.length} bytes`);
    }
    this.readBytes(s, into, s.offset + start * width, entry);
    return into;
  }

  /**
   * Starts reading elements [start, start + count) of a URL-stored tensor now, so that the `readRange` or
   * `readWords` of that range that must follow takes the reply instead of waiting for a round trip (the pass asks
   * for the next checkpoint's segment while it sums the current one). Does nothing for local tensors.
   */
  prefetch(entry: TensorEntry, start: number, count: number): void {
    const s = entry.storage;
    if (s.kind !== 'url') return;
    const width = bytesPerElement(entry);
    const key = rangeKey(s.url, s.offset + start * width, count * width);
    if (!this.prefetched.has(key)) this.prefetched.set(key, remoteReads().start({ kind: 'range', url: s.url, offset: s.offset + start * width, length: count * width }));
  }

  /** The whole tensor as a new array. */
  read(entry: TensorEntry): FloatData {
    const out = isDouble(entry) ? new Float64Array(entry.elements) : new Float32Array(entry.elements);
    return this.readRange(entry, 0, entry.elements, out);
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private readBytes(storage: Exclude<TensorStorage, { kind: 'memory' }>, into: Uint8Array, offset: number, entry: TensorEntry): void {
    if (storage.kind === 'url') {
      const key = rangeKey(storage.url, offset, into.length);
      const ticket = this.prefetched.get(key);
      this.prefetched.delete(key);
      return readRemote(storage.url, into, offset, entry, ticket);
    }
    const path = storage.path;
    const fd = this.open(path);
    let done = 0;
    while (done < into.length) {
      const n = readSync(fd, into, done, into.length - done, offset + done);
      if (n === 0) throw new InputError(`${path}: tensor "${entry.name}": the file shrank since it was indexed (file changed?)`);
      done += n;
    }
  }

  private open(path: string): number {
    let fd = this.fds.get(path);
    if (fd === undefined) {
      try {
        // The index resolved and checked the path (external data and shard rules); O_NOFOLLOW keeps it from becoming a link since.
        fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      } catch (e) {
        throw new InputError(`${path}: cannot open (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      this.fds.set(path, fd);
    }
    return fd;
  }
}

/** One whole tensor, opening and closing its file (for a few reads; the pass keeps a TensorReader open). */
export function readTensor(entry: TensorEntry): FloatData {
  const reader = new TensorReader();
  try {
    return reader.read(entry);
  } finally {
    reader.close();
  }
}

function rangeKey(url: string, offset: number, length: number): string {
  return `${offset}:${length}:${url}`;
}

/** `ticket`: the request `prefetch` already started for this range. */
function readRemote(url: string, into: Uint8Array, offset: number, entry: TensorEntry, ticket?: number): void {
  const reads = remoteReads();
  const reply = ticket === undefined ? reads.range(url, offset, into.length) : reads.wait(ticket);
  const got = { data: reply.data!, total: reply.total };
  if (got.total < offset + into.length) {
    throw new InputError(`${redactUrl(url)}: tensor "${entry.name}": the file is ${got.total} bytes, shorter than its index says (file changed?)`);
  }
  into.set(got.data);
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}
