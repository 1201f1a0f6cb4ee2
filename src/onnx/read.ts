import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { Model, ReadOptions } from './types.js';
import { decodeModel } from './decode.js';
import { readSkeleton } from './skeleton.js';

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

/**
 * Reads an ONNX file's structure with its float weights left on disk: each such tensor has an empty `data` and a
 * `range` saying where its bytes are (raw_data inside the file, or external data). Memory follows the graph, not the
 * weights, so this is how checkpoints of any size are opened for analysis.
 */
export function readModelDeferred(file: string, opts: Omit<ReadOptions, 'deferWeights'> = {}): Model {
  const skeleton = readSkeleton(file);
  return decodeModel(skeleton, {
    ...opts,
    deferWeights: true,
    source: file,
    baseDir: path.dirname(path.resolve(file)),
    selfPath: file,
  });
}
