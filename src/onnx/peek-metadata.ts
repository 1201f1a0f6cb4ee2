/**
 * Reads a model's metadata_props without decoding its graph: walks the top-level ModelProto fields on disk and skips
 * every length-delimited field except metadata_props (field 14), so ordering a run of 100 MB checkpoints costs a few
 * small reads per file. Returns null when the bytes do not look like a ModelProto; the full reader reports why.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const METADATA_PROPS = 14;

export function peekMetadata(path: string): Record<string, string> | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(20);
    const meta: Record<string, string> = {};
    let pos = 0;
    while (pos < size) {
      const n = readSync(fd, head, 0, Math.min(head.length, size - pos), pos);
      const tag = readVarint(head, 0, n);
      if (!tag) return null;
      const field = Math.floor(tag.value / 8);
      const wire = tag.value & 7;
      let p = pos + tag.length;
      if (wire === 0) {
        const v = readVarint(head, tag.length, n);
        if (!v) return null;
        p += v.length;
      } else if (wire === 1) {
        p += 8;
      } else if (wire === 5) {
        p += 4;
      } else if (wire === 2) {
        const len = readVarint(head, tag.length, n);
        if (!len) return null;
        p += len.length;
        if (p + len.value > size) return null;
        if (field === METADATA_PROPS) {
          const entry = Buffer.alloc(len.value);
          readSync(fd, entry, 0, len.value, p);
          const kv = decodeEntry(entry);
          if (!kv) return null;
          meta[kv[0]] = kv[1];
        }
        p += len.value;
      } else {
        return null;
      }
      if (field === 0 || p > size) return null;
      pos = p;
    }
    return meta;
  } finally {
    closeSync(fd);
  }
}

function readVarint(buf: Uint8Array, start: number, end: number): { value: number; length: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = start; i < end && i - start < 10; i++) {
    const b = buf[i];
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return Number.isSafeInteger(value) ? { value, length: i - start + 1 } : null;
  }
  return null;
}

function decodeEntry(buf: Buffer): [string, string] | null {
  let key = '';
  let value = '';
  let p = 0;
  while (p < buf.length) {
    const tag = readVarint(buf, p, buf.length);
    if (!tag || (tag.value & 7) !== 2) return null;
    const len = readVarint(buf, p + tag.length, buf.length);
    if (!len) return null;
    const s = p + tag.length + len.length;
    if (s + len.value > buf.length) return null;
    const text = buf.toString('utf8', s, s + len.value);
    if (tag.value >> 3 === 1) key = text;
    else if (tag.value >> 3 === 2) value = text;
    p = s + len.value;
  }
  return [key, value];
}
