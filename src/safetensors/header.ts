/**
 * The safetensors header, validated as data before anything it declares is allocated or read: an 8-byte
 * little-endian length (at most 100 MB and within the file), then that many bytes of UTF-8 JSON: an object of
 * `name: {dtype, shape, data_offsets: [begin, end]}` plus an optional `__metadata__` string map. Each tensor's dtype
 * is known, its shape holds non-negative safe integers with a safe element count, its offsets lie inside the data
 * section with begin <= end and end - begin equal to the bytes its shape and dtype need, and no two tensors share a
 * byte. Every violation is a one-line InputError naming the file (and the tensor).
 */
import { InputError } from '../errors.js';
import { isKnownSafetensorsDtype, safetensorsByteSize } from './dtype.js';

/** The safetensors package's own limit on header size. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface HeaderTensor {
  name: string;
  /** safetensors dtype name: F32, BF16, I64, ... */
  dtype: string;
  shape: number[];
  elements: number;
  /** Byte range inside the data section (which starts at 8 + headerLength). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Every tensor, in data order (by `begin`). */
  tensors: HeaderTensor[];
  metadata: Record<string, string>;
}

/** A file of `fileSize` bytes can hold a safetensors header length (8 bytes); InputError when it cannot. */
export function checkFileSize(file: string, fileSize: number): void {
  if (fileSize < 8) throw new InputError(`${file}: too short to be a safetensors file (${fileSize} bytes; the header length alone takes 8)`);
}

/**
 * Checks the 8-byte header length (read as an unsigned 64-bit integer) against the limit and the file size;
 * returns it as a number.
 */
export function checkHeaderLength(file: string, length: bigint, fileSize: number): number {
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw new InputError(`${file}: header length ${length} is over the 100 MB limit of safetensors headers (corrupt or not a safetensors file)`);
  }
  const n = Number(length);
  if (n > fileSize - 8) {
    throw new InputError(`${file}: header length ${n} is beyond the end of the file (${fileSize} bytes; corrupt or truncated)`);
  }
  return n;
}

/** Parses and validates the header JSON; `dataBytes` is the size of the data section after it. */
export function parseHeader(file: string, headerBytes: Uint8Array, dataBytes: number): SafetensorsHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new InputError(`${file}: the safetensors header is not valid UTF-8 (corrupt or not a safetensors file)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: the safetensors header is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isPlainObject(json)) throw new InputError(`${file}: the safetensors header is not a JSON object`);

  let metadata: Record<string, string> = {};
  const tensors: HeaderTensor[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === '__metadata__') metadata = parseMetadata(file, value);
    else tensors.push(parseTensor(`${file}: tensor ${JSON.stringify(name)}`, name, value, dataBytes));
  }
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  checkNoOverlap(file, tensors);
  return { tensors, metadata };
}

function parseMetadata(file: string, value: unknown): Record<string, string> {
  if (!isPlainObject(value)) throw new InputError(`${file}: __metadata__ is not an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new InputError(`${file}: __metadata__ value of ${JSON.stringify(k)} is not a string`);
    out[k] = v;
  }
  return out;
}

function parseTensor(where: string, name: string, value: unknown, dataBytes: number): HeaderTensor {
  if (!isPlainObject(value)) throw new InputError(`${where}: header entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || !isKnownSafetensorsDtype(dtype)) {
    throw new InputError(`${where}: unknown dtype ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InputError(`${where}: shape ${short(shape)} is not a list of non-negative integers`);
  }
  let elements = 1;
  for (const d of shape as number[]) {
    elements *= d;
    if (!Number.isSafeInteger(elements)) {
      throw new InputError(`${where}: shape [${shape.join(', ')}] declares an impossibly large element count`);
    }
  }
  const bytes = safetensorsByteSize(dtype, elements);
  if (bytes === undefined) throw new InputError(`${where}: shape [${shape.join(', ')}] declares an impossibly large element count`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new InputError(`${where}: data_offsets ${short(offsets)} is not a pair of non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw new InputError(`${where}: data_offsets begin ${begin} is after its end ${end}`);
  if (end > dataBytes) {
    throw new InputError(`${where}: data_offsets [${begin}, ${end}] run past the end of the data section (${dataBytes} bytes; truncated or corrupt)`);
  }
  if (end - begin !== bytes) {
    throw new InputError(
      `${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes but shape [${shape.join(', ')}] of ${dtype} needs ${bytes}`,
    );
  }
  return { name, dtype, shape: shape as number[], elements, begin, end };
}

/** `tensors` sorted by begin; empty tensors own no bytes. */
function checkNoOverlap(file: string, tensors: readonly HeaderTensor[]): void {
  let last: HeaderTensor | undefined;
  for (const t of tensors) {
    if (t.begin === t.end) continue;
    if (last && t.begin < last.end) {
      throw new InputError(
        `${file}: tensor ${JSON.stringify(t.name)} (data bytes ${t.begin}..${t.end}) overlaps tensor ${JSON.stringify(last.name)} (${last.begin}..${last.end})`,
      );
    }
    if (!last || t.end > last.end) last = t;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
