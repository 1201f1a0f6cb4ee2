import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { Model, ReadOptions } from './types.js';
import { decodeModel } from './decode.js';

/** Reads and decodes an ONNX file; external data is resolved relative to the file's directory. */
export function readModel(file: string, opts: ReadOptions = {}): Model {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not an ONNX file' : `cannot read (${code ?? (e as Error).message})`;
    throw new InputError(`${file}: ${why}`);
  }
  return decodeModel(bytes, { ...opts, source: file, baseDir: path.dirname(path.resolve(file)) });
}
