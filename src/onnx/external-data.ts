/**
 * Reading tensor bytes stored outside the model (data_location = EXTERNAL), with the path checks that keep a
 * crafted model from reading files outside its own directory (CVE-2022-25882, CVE-2024-27318 and the
 * symlink/hard-link variants, checked by contained-file.ts): relative locations only, no escape after lexical or
 * canonical (realpath) resolution, no symlink as the file itself, no file with several hard links.
 */
import * as fs from 'node:fs';
import { InputError } from '../errors.js';
import * as path from 'node:path';
import { openContainedFile, type ContainedFile } from './contained-file.js';
import type { FileRange } from './types.js';
import { SELF_LOCATION } from './skeleton.js';

export interface ExternalRef {
  location: string;
  offset: number;
  /** undefined: up to the end of the file. */
  length: number | undefined;
}

type OpenFile = ContainedFile;

/** One per decoded model: resolves and opens each distinct location once, and closes them all in `close()`. */
export class ExternalDataReader {
  private readonly files = new Map<string, OpenFile>();

  /**
   * @param selfPath the model file itself, for the references a skeleton (skeleton.ts) puts in place of raw_data.
   */
  constructor(
    private readonly source: string,
    private readonly baseDir: string | undefined,
    private readonly selfPath?: string,
  ) {}

  /** Reads exactly `expectedBytes` bytes for tensor `tensorName` into a fresh (aligned) buffer. */
  read(tensorName: string, entries: ReadonlyArray<{ key?: string | null; value?: string | null }>, expectedBytes: number): Uint8Array {
    const { file, range, where } = this.resolve(tensorName, entries, expectedBytes);
    const out = new Uint8Array(range.bytes);
    let done = 0;
    while (done < range.bytes) {
      const n = fs.readSync(file.fd, out, done, range.bytes - done, range.offset + done);
      if (n === 0) throw new InputError(`${where}: external data ${file.display} ended early (file changed while reading?)`);
      done += n;
    }
    return out;
  }

  /** Where the `expectedBytes` bytes of tensor `tensorName` are, after the same checks as `read`, without reading them. */
  locate(tensorName: string, entries: ReadonlyArray<{ key?: string | null; value?: string | null }>, expectedBytes: number): FileRange {
    return this.resolve(tensorName, entries, expectedBytes).range;
  }

  private resolve(
    tensorName: string,
    entries: ReadonlyArray<{ key?: string | null; value?: string | null }>,
    expectedBytes: number,
  ): { file: OpenFile; range: FileRange; where: string } {
    const where = `${this.source}: tensor "${tensorName}"`;
    const ref = parseExternalRef(where, entries);
    const self = ref.location === SELF_LOCATION;
    const file = self ? this.openSelf(where) : this.open(where, ref.location);
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
      throw new InputError(
        self
          ? `${where}: its dims and dtype need ${expectedBytes} bytes but raw_data has ${length}`
          : `${where}: external data length ${length} does not match the ${expectedBytes} bytes its dims and dtype need`,
      );
    }
    return { file, range: { path: file.path, offset: ref.offset, bytes: length }, where };
  }

  private openSelf(where: string): OpenFile {
    const cached = this.files.get(SELF_LOCATION);
    if (cached) return cached;
    if (this.selfPath === undefined) throw new InputError(`${where}: external data location is not a valid file name`);
    const fd = fs.openSync(this.selfPath, 'r');
    const file = { fd, size: fs.fstatSync(fd).size, display: JSON.stringify(path.basename(this.selfPath)), path: path.resolve(this.selfPath) };
    this.files.set(SELF_LOCATION, file);
    return file;
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
