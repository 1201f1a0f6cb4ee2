/**
 * IDX files (the MNIST distribution format): magic 0x00 0x00 <dtype> <ndims>, then ndims big-endian uint32 sizes,
 * then the values. Only unsigned-byte data (dtype 0x08) is accepted, which is what MNIST, Fashion-MNIST, KMNIST and
 * EMNIST ship. The file length must be exactly header + product(dims).
 */
import { InputError } from '../errors.js';

export interface IdxArray {
  dims: number[];
  /** View on the file's bytes, row-major. */
  data: Uint8Array;
}

const IDX_UBYTE = 0x08;

export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new InputError(`${file}: ${bytes.length} bytes is too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new InputError(`${file}: bad IDX magic ${hex(bytes, 4)} (expected 00 00 08 0N); not an IDX file or not gunzipped`);
  }
  const dtype = bytes[2]!;
  const ndims = bytes[3]!;
  if (dtype !== IDX_UBYTE) throw new InputError(`${file}: IDX dtype 0x${dtype.toString(16).padStart(2, '0')} is not supported (only unsigned bytes, 0x08)`);
  if (ndims === 0) throw new InputError(`${file}: IDX header declares 0 dimensions`);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) throw new InputError(`${file}: truncated IDX header (${ndims} dimensions need ${headerBytes} bytes, file has ${bytes.length})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    throw new InputError(`${file}: IDX header declares [${dims.join(' x ')}] = ${expected} bytes of data but the file has ${actual}`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

function hex(bytes: Uint8Array, n: number): string {
  return [...bytes.subarray(0, n)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
