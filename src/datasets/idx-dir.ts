/**
 * An MNIST-format directory: `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte` (a `.` instead of the last `-`, and a `.gz` suffix, are accepted; an uncompressed file
 * wins over a gzipped one). Images are [n, H, W] unsigned bytes, one channel.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { parseIdx } from './idx.js';
import { readDataFile } from './read-file.js';
import { byteStats, describeNormalization, normalizeSamples, type ChannelStats } from './normalize.js';
import type { Dataset, Split } from './types.js';

export type IdxPart = 'images' | 'labels';
const IDX_NAME = /^(train|t10k)-(images|labels)[-.]idx([13])-ubyte(\.gz)?$/;

/** Finds the four IDX files of `dir`; undefined when it has none at all. */
export function findIdxFiles(dir: string, names = readdirSync(dir)): Record<'train' | 't10k', Record<IdxPart, string>> | undefined {
  const found = new Map<string, string>();
  for (const name of [...names].sort()) {
    const m = IDX_NAME.exec(name);
    if (m === null) continue;
    const key = `${m[1]}/${m[2]}`;
    const expectedRank = m[2] === 'images' ? '3' : '1';
    if (m[3] !== expectedRank) continue;
    const previous = found.get(key);
    if (previous === undefined || previous.endsWith('.gz')) found.set(key, name);
  }
  if (found.size === 0) return undefined;
  const need = ['train/images', 'train/labels', 't10k/images', 't10k/labels'];
  const missing = need.filter((k) => !found.has(k));
  if (missing.length > 0) {
    const list = missing.map((k) => k.replace('/', '-') + (k.endsWith('images') ? '-idx3-ubyte' : '-idx1-ubyte')).join(', ');
    throw new InputError(`${dir}: incomplete MNIST-format directory, missing ${list}`);
  }
  const at = (k: string) => join(dir, found.get(k)!);
  return {
    train: { images: at('train/images'), labels: at('train/labels') },
    t10k: { images: at('t10k/images'), labels: at('t10k/labels') },
  };
}

interface RawSplit {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
}

function readRawSplit(files: Record<IdxPart, string>): RawSplit {
  const images = parseIdx(readDataFile(files.images), files.images);
  const labels = parseIdx(readDataFile(files.labels), files.labels);
  if (images.dims.length !== 3) throw new InputError(`${files.images}: expected images of shape [n, height, width], got [${images.dims.join(', ')}]`);
  if (labels.dims.length !== 1) throw new InputError(`${files.labels}: expected labels of shape [n], got [${labels.dims.join(', ')}]`);
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) throw new InputError(`${files.labels}: ${labels.dims[0]} labels for ${count} images in ${files.images}`);
  if (height === 0 || width === 0) throw new InputError(`${files.images}: empty image size ${height} x ${width}`);
  return { pixels: images.data, labels: labels.data, count, height, width };
}

function toSplit(raw: RawSplit, limit: number | undefined, stats: ChannelStats): Split {
  const count = limit === undefined ? raw.count : Math.min(limit, raw.count);
  const pixels = raw.height * raw.width;
  const images = new Float32Array(count * pixels);
  normalizeSamples(raw.pixels, images, 0, count, 1, pixels, stats);
  const labels = Int32Array.from(raw.labels.subarray(0, count));
  return { images, labels, count };
}

export function loadIdxDir(
  dir: string,
  files: Record<'train' | 't10k', Record<IdxPart, string>>,
  limits: { limitTrain?: number; limitTest?: number },
): Dataset {
  const train = readRawSplit(files.train);
  const test = readRawSplit(files.t10k);
  if (train.height !== test.height || train.width !== test.width) {
    throw new InputError(`${dir}: training images are ${train.height} x ${train.width} but test images are ${test.height} x ${test.width}`);
  }
  let maxLabel = 0;
  for (const l of train.labels) maxLabel = Math.max(maxLabel, l);
  for (const l of test.labels) maxLabel = Math.max(maxLabel, l);
  const stats = byteStats(train.pixels, 1, train.height * train.width);
  return {
    name: 'idx',
    source: dir,
    shape: [1, train.height, train.width],
    classes: Math.max(2, maxLabel + 1),
    normalization: describeNormalization(stats, 'mean and std of this training file'),
    train: toSplit(train, limits.limitTrain, stats),
    test: toSplit(test, limits.limitTest, stats),
  };
}
