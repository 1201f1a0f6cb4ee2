/** Reads a data file whole, gunzipping `*.gz`, with a size cap so a hostile or huge file fails cleanly. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';

/** Largest (decompressed) data file accepted: 2 GiB. CIFAR-100 train.bin is 150 MB, MNIST train images 47 MB. */
export const MAX_DATA_FILE_BYTES = 2 ** 31;

export function readDataFile(path: string, maxBytes = MAX_DATA_FILE_BYTES): Uint8Array {
  const size = statSync(path).size;
  if (size > maxBytes) throw new InputError(`${path}: ${size} bytes is larger than the ${maxBytes}-byte limit for data files`);
  const bytes = readFileSync(path);
  if (!path.endsWith('.gz')) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const raw = gunzipSync(bytes, { maxOutputLength: maxBytes });
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError(`${basename(path)}: cannot gunzip (${why})`);
  }
}
