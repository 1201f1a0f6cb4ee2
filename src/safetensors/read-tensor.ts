/**
 * Reading one indexed tensor: one positioned read of its bytes (little-endian), widened to float32 (FLOAT, FLOAT16,
 * BFLOAT16) or float64 (DOUBLE). Works for any TensorEntry with file storage, whatever format indexed it; the
 * streaming analysis may keep its own reader with file handles and buffers shared across tensors.
 */
import * as fs from 'node:fs';
import { InputError } from '../errors.js';
import { DataType, type FloatData } from '../onnx/types.js';
import { LITTLE_ENDIAN_HOST } from '../onnx/dtype.js';
import { bfloat16BitsToFloat32, halfBitsToFloat32 } from '../onnx/float16.js';
import type { TensorEntry } from '../checkpoint/types.js';
import { errCode } from '../onnx/contained-file.js';
import { readExactly } from './read-header.js';

export function readTensor(entry: TensorEntry): FloatData {
  const { storage } = entry;
  if (storage.kind === 'memory') return storage.data;
  let fd: number;
  try {
    fd = fs.openSync(storage.path, 'r');
  } catch (e) {
    throw new InputError(`${storage.path}: cannot open to read tensor ${JSON.stringify(entry.name)} (${errCode(e)})`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (storage.offset + storage.bytes > size) {
      throw new InputError(`${storage.path}: tensor ${JSON.stringify(entry.name)}: the file shrank since it was indexed (file changed?)`);
    }
    return decodeLittleEndian(entry.dataType, readExactly(storage.path, fd, storage.offset, storage.bytes));
  } finally {
    fs.closeSync(fd);
  }
}

/** Little-endian element bytes (a fresh, aligned buffer) of a weight dtype as float32 or float64. */
export function decodeLittleEndian(dataType: TensorEntry['dataType'], bytes: Uint8Array): FloatData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dataType) {
    case DataType.FLOAT:
      if (LITTLE_ENDIAN_HOST) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
    case DataType.DOUBLE:
      if (LITTLE_ENDIAN_HOST) return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
      return Float64Array.from({ length: bytes.byteLength / 8 }, (_, i) => view.getFloat64(i * 8, true));
    case DataType.FLOAT16:
    case DataType.BFLOAT16: {
      const bits = LITTLE_ENDIAN_HOST
        ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2)
        : Uint16Array.from({ length: bytes.byteLength / 2 }, (_, i) => view.getUint16(i * 2, true));
      return dataType === DataType.FLOAT16 ? halfBitsToFloat32(bits) : bfloat16BitsToFloat32(bits);
    }
  }
}
