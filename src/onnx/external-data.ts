/**
 * Reading tensor bytes stored outside the model (data_location = EXTERNAL), with the path checks that keep a
 * crafted model from reading files outside its own directory (CVE-2022-25882, CVE-2024-27318 and the
 * symlink/hard-link variants, checked by contained-file.ts): relative locations only, no escape after lexical or
 * canonical (realpath) resolution, no symlink as the file itself, no file with several hard links.
 */
import * as fs from 'node:fs';
import { InputError } from '../errors.js';
import { openContainedFile } from './contained-file.js';

export interface ExternalRef {
  location: string;
  offset: number;
  /** undefined: up to the end of the file. */
  length: number | undefined;
}

interface OpenFile {
  fd: number;
  size: number;
  display: string;
}

/** One per decoded model: resolves and opens each distinct location once, and closes them all in `close()`. */
export class ExternalDataReader {
  private readonly files = new Map<string, OpenFile>();

  constructor(
    private readonly source: string,
    private readonly baseDir: string | undefined,
  ) {}

  /** Reads exactly `expectedBytes` bytes for tensor `tensorName` into a fresh (aligned) buffer. */
  read(tensorName: string, entries: ReadonlyArray<{ key?: string | null; value?: string | null }>, expectedBytes: number): Uint8Array {
    const where = `${this.source}: tensor "${tensorName}"`;
    const ref = parseExternalRef(where, entries);
    const file = this.open(where, ref.location);
    if (ref.offset > file.size) {
      throw new InputError(`${where}: external data offset ${ref.offset} is beyond the end of ${file.display} (${file.size} bytes)`);
    }
    const length = ref.length ?? file.size - ref.offset;
    if (ref.offset + length > file.size) {
      throw new InputError(
        `${where}: external data ${file.display} is too short: needs bytes ${ref.offset}..${ref.offset + length} but has ${file.size}`,
      );
    }
    if (length !== expectedBytes) {
      throw new InputError(`${where}: external data length ${length} does not match the ${expectedBytes} bytes its dims and dtype need`);
    }
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(file.fd, out, done, length - done, ref.offset + done);
      if (n === 0) throw new InputError(`${where}: external data ${file.display} ended early (file changed while reading?)`);
      done += n;
    }
    return out;
  }

  close(): void {
    for (const f of this.files.values()) fs.closeSync(f.fd);
    this.files.clear();
  }

  private open(where: string, location: string): OpenFile {
    const cached = this.files.get(location);
    if (cached) return cached;
    if (this.baseDir === undefined) {
      throw new InputError(`${where}: uses external data "${location}" but the model was not read from a file (no base directory)`);
    }
    const file = openContainedFile(this.baseDir, location, where, EXTERNAL_WORDS);
    this.files.set(location, file);
    return file;
  }
}

const EXTERNAL_WORDS = { what: 'external data', dir: "the model's directory", near: 'next to the model' };

function parseExternalRef(where: string, entries: ReadonlyArray<{ key?: string | null; value?: string | null }>): ExternalRef {
  let location: string | undefined;
  let offset = 0;
  let length: number | undefined;
  for (const { key, value } of entries) {
    const v = value ?? '';
    if (key === 'location') location = v;
    else if (key === 'offset') offset = parseByteCount(where, 'offset', v);
    else if (key === 'length') length = parseByteCount(where, 'length', v);
  }
  if (location === undefined) throw new InputError(`${where}: external data has no "location"`);
  return { location, offset, length };
}

function parseByteCount(where: string, what: string, v: string): number {
  const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new InputError(`${where}: external data ${what} "${v}" is not a valid byte count`);
  return n;
}
