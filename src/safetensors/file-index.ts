/**
 * `indexSafetensors(path)`: the tensor index of one .safetensors file, from its header alone. Weight dtypes (F32,
 * F16, BF16, F64) become TensorEntry with storage {kind: 'file', path, offset: 8 + headerLength + begin, bytes};
 * other dtypes are validated and skipped. The file may be a symlink: entries point at the resolved file, which the
 * reader opens without following links.
 */
import * as fs from 'node:fs';
import { InputError } from '../errors.js';
import type { CheckpointIndex, TensorEntry } from '../checkpoint/types.js';
import { weightDataType } from './dtype.js';
import { readHeader, type FileHeader } from './read-header.js';
import { errCode } from '../onnx/contained-file.js';

export function indexSafetensors(path: string): CheckpointIndex {
  const header = withOpenFile(path, (fd, size) => readHeader(path, fd, size));
  return {
    path,
    format: 'safetensors',
    tensors: new Map(weightEntries(fs.realpathSync(path), header).map((e) => [e.name, e])),
    metadata: header.metadata,
  };
}

/** The weight tensors of a parsed header, in data order. */
export function weightEntries(path: string, header: FileHeader): TensorEntry[] {
  const out: TensorEntry[] = [];
  for (const t of header.tensors) {
    const dataType = weightDataType(t.dtype);
    if (dataType === undefined) continue;
    out.push({
      name: t.name,
      dataType,
      shape: t.shape,
      elements: t.elements,
      storage: { kind: 'file', path, offset: header.dataStart + t.begin, bytes: t.end - t.begin },
    });
  }
  return out;
}

function withOpenFile<T>(path: string, fn: (fd: number, size: number) => T): T {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    throw new InputError(`${path}: cannot open the safetensors file (${errCode(e)})`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
    return fn(fd, st.size);
  } finally {
    fs.closeSync(fd);
  }
}
