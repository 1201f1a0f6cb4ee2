/**
 * SVHN (Street View House Numbers, cropped digits, http://ufldl.stanford.edu/housenumbers/): `train_32x32.mat` and
 * `test_32x32.mat` (MAT level 5, as distributed). X is [32, 32, 3, N] uint8 and y [N, 1] with labels 1..10, where 10
 * stands for the digit 0; weightscale maps label 10 to class 0, so class k is digit k. Pixels are normalised with the
 * SVHN training-set statistics, mean (0.4377, 0.4438, 0.4728), std (0.1980, 0.2010, 0.1970).
 * `extra_32x32.mat` is not used.
 */
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readMat5 } from './mat5.js';
import { describeNormalization, type ChannelStats } from './normalize.js';
import { readDataFile } from './read-file.js';
import type { Dataset, Split } from './types.js';

export const SVHN_STATS: ChannelStats = { mean: [0.4377, 0.4438, 0.4728], std: [0.198, 0.201, 0.197] };
const FILES = { train: 'train_32x32.mat', test: 'test_32x32.mat' };

export function hasSvhnFiles(names: string[]): boolean {
  return names.includes(FILES.train) || names.includes(FILES.test);
}

function readSplit(file: string, limit: number | undefined): Split {
  const arrays = readMat5(readDataFile(file), file);
  const x = arrays.get('X'), y = arrays.get('y');
  if (!x || !y) throw new InputError(`${file}: expected matrices X and y (SVHN cropped digits)`);
  const [h, w, c, total] = x.dims;
  if (x.dims.length !== 4 || h !== 32 || w !== 32 || c !== 3 || !(x.data instanceof Uint8Array)) {
    throw new InputError(`${file}: X must be uint8 [32, 32, 3, N], got [${x.dims.join(', ')}]`);
  }
  if (y.data.length !== total) throw new InputError(`${file}: y has ${y.data.length} labels for ${total} images`);
  const count = limit === undefined ? total! : Math.min(limit, total!);
  const images = new Float32Array(count * 3072);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = Number(y.data[n]);
    if (!Number.isInteger(label) || label < 1 || label > 10) throw new InputError(`${file}: image ${n} has label ${label}, outside 1..10`);
    labels[n] = label % 10;
    // Column-major [h, w, c, n]: element (i, j, k, n) at i + 32 j + 1024 k + 3072 n; out is [c, h, w].
    for (let k = 0; k < 3; k++) {
      const mean = SVHN_STATS.mean[k]!, std = SVHN_STATS.std[k]!;
      for (let i = 0; i < 32; i++) {
        for (let j = 0; j < 32; j++) {
          images[n * 3072 + k * 1024 + i * 32 + j] = (x.data[i + 32 * j + 1024 * k + 3072 * n]! / 255 - mean) / std;
        }
      }
    }
  }
  return { images, labels, count };
}

export function loadSvhnDir(dir: string, names: string[], limits: { limitTrain?: number; limitTest?: number }): Dataset {
  for (const f of Object.values(FILES)) if (!names.includes(f)) throw new InputError(`${dir}: SVHN directory has no ${f}`);
  return {
    name: 'svhn',
    source: dir,
    shape: [3, 32, 32],
    classes: 10,
    classNames: Array.from({ length: 10 }, (_, k) => String(k)),
    normalization: describeNormalization(SVHN_STATS, 'SVHN training-set statistics'),
    train: readSplit(join(dir, FILES.train), limits.limitTrain),
    test: readSplit(join(dir, FILES.test), limits.limitTest),
  };
}
