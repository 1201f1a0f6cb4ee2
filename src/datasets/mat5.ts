/**
 * A minimal reader of MATLAB level-5 MAT files (what scipy.io.savemat and MATLAB's `save -v7` write): the
 * numeric matrices at the top level, by name, with their dims (column-major, as stored) and real values widened to
 * float64 or kept as bytes for uint8 data. zlib-compressed elements (miCOMPRESSED) are inflated; little-endian
 * files only; cell arrays, structs, sparse, complex and v7.3 (HDF5) files are refused or skipped.
 */
import { inflateSync } from 'node:zlib';
import { InputError } from '../errors.js';

export interface MatArray {
  name: string;
  dims: number[];
  /** uint8 data stays bytes; every other numeric type is converted to float64. */
  data: Uint8Array | Float64Array;
}

const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15 };
const BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };
const NUMERIC_CLASSES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]); // double .. uint64

interface Element {
  type: number;
  data: Uint8Array;
  /** Offset just past the element (padded to 8 bytes unless compressed). */
  next: number;
}

function readElement(buf: Uint8Array, view: DataView, at: number, file: string): Element {
  if (at + 8 > buf.length) throw new InputError(`${file}: truncated MAT element at byte ${at}`);
  const first = view.getUint32(at, true);
  if (first >>> 16 !== 0) {
    // Small data element: type and size in 4 bytes, data in the next 4.
    const size = first >>> 16;
    return { type: first & 0xffff, data: buf.subarray(at + 4, at + 4 + size), next: at + 8 };
  }
  const size = view.getUint32(at + 4, true);
  const end = at + 8 + size;
  if (end > buf.length) throw new InputError(`${file}: MAT element at byte ${at} declares ${size} bytes, past the end of the file`);
  const next = first === MI.COMPRESSED ? end : at + 8 + Math.ceil(size / 8) * 8;
  return { type: first, data: buf.subarray(at + 8, end), next };
}

function numbers(el: Element, file: string, what: string): Uint8Array | Float64Array {
  const width = BYTES[el.type];
  if (width === undefined) throw new InputError(`${file}: ${what} has unsupported MAT data type ${el.type}`);
  if (el.type === MI.UINT8) return el.data;
  const v = new DataView(el.data.buffer, el.data.byteOffset, el.data.byteLength);
  const n = Math.floor(el.data.length / width);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * width;
    switch (el.type) {
      case MI.INT8: out[i] = v.getInt8(o); break;
      case MI.INT16: out[i] = v.getInt16(o, true); break;
      case MI.UINT16: out[i] = v.getUint16(o, true); break;
      case MI.INT32: out[i] = v.getInt32(o, true); break;
      case MI.UINT32: out[i] = v.getUint32(o, true); break;
      case MI.SINGLE: out[i] = v.getFloat32(o, true); break;
      case MI.DOUBLE: out[i] = v.getFloat64(o, true); break;
      case MI.INT64: out[i] = Number(v.getBigInt64(o, true)); break;
      default: out[i] = Number(v.getBigUint64(o, true));
    }
  }
  return out;
}

function parseMatrix(body: Uint8Array, file: string): MatArray | undefined {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const flags = readElement(body, view, 0, file);
  const fv = new DataView(flags.data.buffer, flags.data.byteOffset, flags.data.byteLength);
  const word = fv.getUint32(0, true);
  const cls = word & 0xff;
  const complex = (word & 0x800) !== 0;
  const dimsEl = readElement(body, view, flags.next, file);
  const nameEl = readElement(body, view, dimsEl.next, file);
  const name = new TextDecoder().decode(nameEl.data);
  if (!NUMERIC_CLASSES.has(cls) || complex) return undefined;
  const dims = Array.from(numbers(dimsEl, file, `${name} dims`));
  const real = readElement(body, view, nameEl.next, file);
  const data = numbers(real, file, name);
  const count = dims.reduce((a, d) => a * d, 1);
  if (data.length !== count) throw new InputError(`${file}: ${name} has ${data.length} values for dims [${dims.join(', ')}]`);
  return { name, dims, data };
}

/** Every numeric top-level matrix of a level-5 MAT file, by name. */
export function readMat5(buf: Uint8Array, file: string): Map<string, MatArray> {
  if (buf.length < 128) throw new InputError(`${file}: too short for a MAT file`);
  const header = new TextDecoder('latin1').decode(buf.subarray(0, 116));
  if (header.startsWith('MATLAB 7.3') || header.includes('HDF')) throw new InputError(`${file}: a MAT v7.3 (HDF5) file; save it as -v7 (level 5) instead`);
  const endian = String.fromCharCode(buf[126]!, buf[127]!);
  if (endian !== 'IM') throw new InputError(`${file}: not a little-endian level-5 MAT file`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = new Map<string, MatArray>();
  let at = 128;
  while (at + 8 <= buf.length) {
    let el = readElement(buf, view, at, file);
    at = el.next;
    if (el.type === MI.COMPRESSED) {
      let raw: Uint8Array;
      try {
        raw = inflateSync(el.data);
      } catch (e) {
        throw new InputError(`${file}: cannot inflate a compressed MAT element (${e instanceof Error ? e.message : String(e)})`);
      }
      el = readElement(raw, new DataView(raw.buffer, raw.byteOffset, raw.byteLength), 0, file);
    }
    if (el.type !== MI.MATRIX) continue;
    const m = parseMatrix(el.data, file);
    if (m !== undefined) out.set(m.name, m);
  }
  return out;
}
