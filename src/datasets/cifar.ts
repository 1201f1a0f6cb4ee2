/**
 * CIFAR binary batches. CIFAR-10 (`cifar-10-batches-bin`): `data_batch_1.bin` .. `data_batch_5.bin` and
 * `test_batch.bin`, records of 1 label byte + 3072 pixel bytes. CIFAR-100 (`cifar-100-binary`): `train.bin` and
 * `test.bin`, records of 2 label bytes (coarse, fine; the fine label is used, 100 classes) + 3072 pixel bytes.
 * Pixels are 1024 red, 1024 green, 1024 blue, each 32x32 row-major: already C,H,W order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import { readDataFile } from './read-file.js';
import { CIFAR10_STATS, CIFAR100_STATS, describeNormalization, normalizeSamples, type ChannelStats } from './normalize.js';
import type { Dataset, Split } from './types.js';

const PIXELS = 3072;
const CHANNEL_PIXELS = 1024;

export type CifarKind = 'cifar10' | 'cifar100';

export interface CifarFiles {
  kind: CifarKind;
  train: string[];
  test: string[];
}

export function findCifarFiles(dir: string, names: string[]): CifarFiles | undefined {
  const batches = names
    .map((n) => ({ n, m: /^data_batch_(\d+)\.bin$/.exec(n) }))
    .filter((x) => x.m !== null)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
    .map((x) => join(dir, x.n));
  if (batches.length > 0 || names.includes('test_batch.bin')) {
    if (batches.length === 0) throw new InputError(`${dir}: CIFAR-10 directory has test_batch.bin but no data_batch_N.bin`);
    if (!names.includes('test_batch.bin')) throw new InputError(`${dir}: CIFAR-10 directory has no test_batch.bin`);
    return { kind: 'cifar10', train: batches, test: [join(dir, 'test_batch.bin')] };
  }
  if (names.includes('train.bin') || names.includes('test.bin')) {
    for (const n of ['train.bin', 'test.bin']) if (!names.includes(n)) throw new InputError(`${dir}: CIFAR-100 directory has no ${n}`);
    return { kind: 'cifar100', train: [join(dir, 'train.bin')], test: [join(dir, 'test.bin')] };
  }
  return undefined;
}

interface Layout {
  labelBytes: number;
  labelIndex: number;
  classes: number;
}

const LAYOUT: Record<CifarKind, Layout> = {
  cifar10: { labelBytes: 1, labelIndex: 0, classes: 10 },
  cifar100: { labelBytes: 2, labelIndex: 1, classes: 100 },
};

function readSplit(files: string[], layout: Layout, limit: number | undefined, stats: ChannelStats): Split {
  const record = layout.labelBytes + PIXELS;
  const contents: { file: string; bytes: Uint8Array; records: number }[] = [];
  let total = 0;
  for (const file of files) {
    if (limit !== undefined && total >= limit) break;
    const bytes = readDataFile(file);
    if (bytes.length === 0 || bytes.length % record !== 0) {
      throw new InputError(`${file}: ${bytes.length} bytes is not a whole number of ${record}-byte CIFAR records (${layout.labelBytes} label byte(s) + 3072 pixels)`);
    }
    const records = bytes.length / record;
    contents.push({ file, bytes, records });
    total += records;
  }
  const count = limit === undefined ? total : Math.min(limit, total);
  const images = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  let n = 0;
  for (const { file, bytes, records } of contents) {
    for (let r = 0; r < records && n < count; r++, n++) {
      const base = r * record;
      const label = bytes[base + layout.labelIndex]!;
      if (label >= layout.classes) throw new InputError(`${basename(file)}: record ${r} has label ${label}, outside 0..${layout.classes - 1}`);
      labels[n] = label;
      normalizeSamples(bytes.subarray(base + layout.labelBytes, base + record), images, n * PIXELS, 1, 3, CHANNEL_PIXELS, stats);
    }
  }
  return { images, labels, count };
}

function classNames(dir: string, kind: CifarKind): string[] | undefined {
  const file = join(dir, kind === 'cifar10' ? 'batches.meta.txt' : 'fine_label_names.txt');
  if (!existsSync(file)) return undefined;
  const names = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return names.length === LAYOUT[kind].classes ? names : undefined;
}

export function loadCifarDir(dir: string, files: CifarFiles, limits: { limitTrain?: number; limitTest?: number }): Dataset {
  const layout = LAYOUT[files.kind];
  const stats = files.kind === 'cifar10' ? CIFAR10_STATS : CIFAR100_STATS;
  const label = files.kind === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100';
  const names = classNames(dir, files.kind);
  return {
    name: files.kind,
    source: dir,
    shape: [3, 32, 32],
    classes: layout.classes,
    ...(names === undefined ? {} : { classNames: names }),
    normalization: describeNormalization(stats, `${label} training-set statistics`),
    train: readSplit(files.train, layout, limits.limitTrain, stats),
    test: readSplit(files.test, layout, limits.limitTest, stats),
  };
}
