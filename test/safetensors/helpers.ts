import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, from dist/test/safetensors/ where the compiled tests run. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const fixtures = path.join(repoRoot, 'fixtures', 'safetensors');

export function fixture(relative: string): string {
  return path.join(fixtures, relative);
}

export function readJson<T>(relative: string): T {
  return JSON.parse(fs.readFileSync(fixture(relative), 'utf8')) as T;
}

export { tempDir } from '../util/temp-dir.js';

/**
 * Bytes of a safetensors file, laid out independently of the reader: header JSON (tensors in the given order),
 * then each tensor's bytes back to back.
 */
export function safetensorsBytes(tensors: { name: string; dtype: string; shape: number[]; data: Uint8Array }[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header['__metadata__'] = metadata;
  let pos = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [pos, pos + t.data.length] };
    pos += t.data.length;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, ...tensors.map((t) => Buffer.from(t.data))]);
}

export function f32(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}
