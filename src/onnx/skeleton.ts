/**
 * An ONNX file's structure without its weight bytes. Walks the protobuf on disk with positioned reads and copies every
 * field except large `raw_data` payloads, which are replaced by an external-data reference to the model file itself
 * (location SELF_LOCATION, offset and length of the payload in the file). Decoding the skeleton with the ordinary
 * decoder then yields the graph, every attribute and small tensor, and, for each large tensor, where its bytes are.
 * Memory is the size of the structure (nodes, names, small tensors), not of the weights.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';

/** Location string marking "the model file itself"; a real location may not contain NUL, so it cannot collide. */
export const SELF_LOCATION = '\u0000self';

/** raw_data payloads at least this long are left on disk. */
const DEFER_BYTES = 1024;
const WINDOW = 1 << 16;

type Schema = ReadonlyMap<number, Kind>;
type Kind = 'graph' | 'node' | 'attribute' | 'tensor';

// Field numbers from onnx.proto: the submessages that can hold tensors, and where.
const SCHEMAS: Record<Kind | 'model', Schema> = {
  model: new Map([[7, 'graph']]),
  graph: new Map([
    [1, 'node'],
    [5, 'tensor'],
  ]),
  node: new Map([[5, 'attribute']]),
  attribute: new Map<number, Kind>([
    [5, 'tensor'],
    [6, 'graph'],
    [10, 'tensor'],
    [11, 'graph'],
  ]),
  tensor: new Map(),
};

const TENSOR_RAW_DATA = 9;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const GRAPH_SPARSE_INITIALIZER = 15;

class WindowedFile {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly source: string,
  ) {}

  /** A copy of the bytes (pieces of the skeleton must not pin the read windows). */
  copy(pos: number, length: number): Uint8Array {
    return this.bytes(pos, length).slice();
  }

  bytes(pos: number, length: number): Uint8Array {
    if (pos + length > this.size) this.corrupt(`field at offset ${pos} runs past the end of the file`);
    if (pos >= this.windowStart && pos + length <= this.windowStart + this.window.length) {
      return this.window.subarray(pos - this.windowStart, pos - this.windowStart + length);
    }
    if (length > WINDOW) return this.readExact(pos, length);
    this.window = this.readExact(pos, Math.min(WINDOW, this.size - pos));
    this.windowStart = pos;
    return this.window.subarray(0, length);
  }

  /** Length in bytes of the last varint read (varint() returns only the value: no object per field). */
  varintLength = 0;

  /** The varint at `pos`; its length is left in `varintLength`. Read in the window, without a view per call. */
  varint(pos: number): number {
    const length = Math.min(10, this.size - pos);
    if (!(pos >= this.windowStart && pos + length <= this.windowStart + this.window.length)) this.bytes(pos, length);
    const window = this.window;
    const at = pos - this.windowStart;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < length; i++) {
      const byte = window[at + i];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) {
        this.varintLength = i + 1;
        return value;
      }
    }
    return this.corrupt(`bad varint at offset ${pos}`);
  }

  corrupt(detail: string): never {
    throw new InputError(`${this.source}: not an ONNX model (truncated or corrupt protobuf: ${detail})`);
  }

  private readExact(pos: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, pos + done);
      if (n === 0) this.corrupt(`file ended at offset ${pos + done} (changed while reading?)`);
      done += n;
    }
    return out;
  }
}

/** Protobuf bytes as a list of pieces, so nested messages are assembled without copying their children twice. */
interface Pieces {
  parts: Uint8Array[];
  length: number;
}

function push(out: Pieces, bytes: Uint8Array): void {
  out.parts.push(bytes);
  out.length += bytes.length;
}

function varintBytes(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}

function lengthDelimited(out: Pieces, field: number, body: Pieces): void {
  push(out, varintBytes(field * 8 + 2));
  push(out, varintBytes(body.length));
  for (const p of body.parts) push(out, p);
}

const utf8 = new TextEncoder();

function stringField(field: number, text: string): Pieces {
  const out: Pieces = { parts: [], length: 0 };
  const bytes = utf8.encode(text);
  lengthDelimited(out, field, { parts: [bytes], length: bytes.length });
  return out;
}

/** external_data entries {location: SELF, offset, length} and data_location = EXTERNAL, appended to a TensorProto. */
function selfReference(out: Pieces, offset: number, length: number): void {
  for (const [key, value] of [
    ['location', SELF_LOCATION],
    ['offset', String(offset)],
    ['length', String(length)],
  ]) {
    const entry = stringField(1, key);
    for (const p of stringField(2, value).parts) push(entry, p);
    lengthDelimited(out, TENSOR_EXTERNAL_DATA, entry);
  }
  push(out, varintBytes(TENSOR_DATA_LOCATION * 8));
  push(out, varintBytes(1));
}

/**
 * The message at [start, end) with its large raw_data payloads replaced by self references and its sparse
 * initializers left out, or null when nothing in it changes (the caller then keeps its bytes as they are). Runs of
 * unchanged fields are copied as one piece.
 */
function copyMessage(file: WindowedFile, start: number, end: number, kind: Kind | 'model', depth: number): Pieces | null {
  if (depth > 64) file.corrupt('messages nested too deeply');
  const schema = SCHEMAS[kind];
  const out: Pieces = { parts: [], length: 0 };
  let changed = false;
  /** Start of the fields not yet copied into `out`. */
  let unchangedFrom = start;
  const skip = (from: number, to: number) => {
    if (from > unchangedFrom) push(out, file.copy(unchangedFrom, from - unchangedFrom));
    unchangedFrom = to;
    changed = true;
  };
  let deferred: { offset: number; length: number } | undefined;
  let pos = start;
  while (pos < end) {
    const tag = file.varint(pos);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 0) file.corrupt(`field number 0 at offset ${pos}`);
    let next = pos + file.varintLength;
    if (wire === 0) {
      file.varint(next);
      next += file.varintLength;
    } else if (wire === 1) next += 8;
    else if (wire === 5) next += 4;
    else if (wire !== 2) file.corrupt(`unsupported wire type ${wire} at offset ${pos}`);
    if (wire !== 2) {
      if (next > end) file.corrupt(`field at offset ${pos} runs past its message`);
      pos = next;
      continue;
    }
    const length = file.varint(next);
    const bodyStart = next + file.varintLength;
    const bodyEnd = bodyStart + length;
    if (bodyEnd > end) file.corrupt(`field ${field} at offset ${pos} runs past its message`);
    const child = schema.get(field);
    if (kind === 'tensor' && field === TENSOR_RAW_DATA && length >= DEFER_BYTES) {
      skip(pos, bodyEnd);
      deferred = { offset: bodyStart, length };
    } else if (kind === 'graph' && field === GRAPH_SPARSE_INITIALIZER) {
      // Sparse initializers are not read (README: limits); leaving them out keeps their data off the heap.
      skip(pos, bodyEnd);
    } else if (child) {
      const copied = copyMessage(file, bodyStart, bodyEnd, child, depth + 1);
      if (copied) {
        skip(pos, bodyEnd);
        lengthDelimited(out, field, copied);
      }
    }
    pos = bodyEnd;
  }
  if (!changed) return null;
  skip(end, end);
  if (deferred) selfReference(out, deferred.offset, deferred.length);
  return out;
}

/** The skeleton of the ONNX file at `path` (see the file comment). */
export function readSkeleton(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not an ONNX file' : `cannot read (${code ?? (e as Error).message})`;
    throw new InputError(`${path}: ${why}`);
  }
  try {
    const file = new WindowedFile(fd, fstatSync(fd).size, path);
    if (file.size === 0) throw new InputError(`${path}: empty file, not an ONNX model`);
    const pieces = copyMessage(file, 0, file.size, 'model', 0) ?? { parts: [file.copy(0, file.size)], length: file.size };
    const out = new Uint8Array(pieces.length);
    let at = 0;
    for (const p of pieces.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
