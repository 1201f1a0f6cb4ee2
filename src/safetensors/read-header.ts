/**
 * Reads and validates the header of an open safetensors file: 8 bytes of length, checked before the header buffer
 * is allocated, then the header itself. The data section is never read.
 */
import * as fs from 'node:fs';
import { InputError } from '../errors.js';
import { checkFileSize, checkHeaderLength, parseHeader, type SafetensorsHeader } from './header.js';

export interface FileHeader extends SafetensorsHeader {
  headerLength: number;
  /** Absolute file offset of the data section: 8 + headerLength. */
  dataStart: number;
  fileSize: number;
}

export function readHeader(file: string, fd: number, fileSize: number): FileHeader {
  checkFileSize(file, fileSize);
  const head = readExactly(file, fd, 0, 8);
  const headerLength = checkHeaderLength(file, new DataView(head.buffer).getBigUint64(0, true), fileSize);
  const dataStart = 8 + headerLength;
  const parsed = parseHeader(file, readExactly(file, fd, 8, headerLength), fileSize - dataStart);
  return { ...parsed, headerLength, dataStart, fileSize };
}

export function readExactly(file: string, fd: number, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, out, done, length - done, position + done);
    if (n === 0) throw new InputError(`${file}: ended early (file changed while reading?)`);
    done += n;
  }
  return out;
}
