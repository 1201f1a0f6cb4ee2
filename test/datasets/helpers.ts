/** Writers of small IDX / CIFAR files for the dataset tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** IDX bytes of unsigned-byte data with the given dims. */
export function idxBytes(dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

/** Pixel value of sample s at pixel p: deterministic, covers 0..255. */
export function pixel(s: number, p: number): number {
  return (s * 31 + p * 7) % 256;
}

export interface IdxSpec {
  trainCount: number;
  testCount: number;
  height: number;
  width: number;
  gzip?: boolean;
}

/** Writes an MNIST-format directory; labels are sample index mod 10. */
export function writeIdxDir(dir: string, spec: IdxSpec): void {
  const parts: [string, number][] = [
    ['train', spec.trainCount],
    ['t10k', spec.testCount],
  ];
  for (const [prefix, count] of parts) {
    const pixels = new Uint8Array(count * spec.height * spec.width);
    for (let s = 0; s < count; s++) for (let p = 0; p < spec.height * spec.width; p++) pixels[s * spec.height * spec.width + p] = pixel(s, p);
    const labels = Uint8Array.from({ length: count }, (_, s) => s % 10);
    const write = (name: string, bytes: Uint8Array) =>
      spec.gzip ? writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes)) : writeFileSync(join(dir, name), bytes);
    write(`${prefix}-images-idx3-ubyte`, idxBytes([count, spec.height, spec.width], pixels));
    write(`${prefix}-labels-idx1-ubyte`, idxBytes([count], labels));
  }
}

/** CIFAR records: label bytes then 3072 pixels, pixel(s, p) for sample s. */
export function cifarBytes(labels: number[][], firstSample = 0): Uint8Array {
  const record = labels[0]!.length + 3072;
  const out = new Uint8Array(labels.length * record);
  labels.forEach((ls, r) => {
    out.set(ls, r * record);
    for (let p = 0; p < 3072; p++) out[r * record + ls.length + p] = pixel(firstSample + r, p);
  });
  return out;
}
