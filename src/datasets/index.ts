/** Dataset selection: `--dataset mnist|fashion-mnist|synthetic` or `--data DIR`. */
import { InputError, invalidOption } from '../errors.js';
import { loadDataDir } from './data-dir.js';
import { loadNpmDataset } from './npm-datasets.js';
import { syntheticDataset, type SyntheticOptions } from './synthetic.js';
import type { Dataset } from './types.js';
import { DATASET_NAMES } from './names.js';

export type { Dataset, Split } from './types.js';
export { Batcher, type BatcherOptions } from './batcher.js';
export { createRng, type Rng } from './rng.js';

export { DATASET_NAMES, type DatasetName } from './names.js';

export interface LoadDatasetOptions {
  /** Named dataset; ignored when `dataDir` is given. */
  dataset?: string;
  /** `--data DIR`: IDX or CIFAR binary files. */
  dataDir?: string;
  /** Keep only the first N training / test samples. */
  limitTrain?: number;
  limitTest?: number;
  /**
   * Seed of the train/test split of the npm datasets and of the synthetic generator; default 0. Deliberately not the
   * training seed, so runs that differ only in `--seed` see the same data.
   */
  dataSeed?: number;
  /** Fraction of each class held out as the test split of the npm datasets; default 1/7 (60k:10k like the originals). */
  testFraction?: number;
  /** Generator options of `synthetic` (counts default to 512/128, or limitTrain/limitTest when given). */
  synthetic?: SyntheticOptions;
}

function checkLimit(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw invalidOption(`--${name}`, v, 'a positive integer');
}

export async function loadDataset(opts: LoadDatasetOptions): Promise<Dataset> {
  checkLimit('limit-train', opts.limitTrain);
  checkLimit('limit-test', opts.limitTest);
  const limits = {
    ...(opts.limitTrain === undefined ? {} : { limitTrain: opts.limitTrain }),
    ...(opts.limitTest === undefined ? {} : { limitTest: opts.limitTest }),
  };
  if (opts.dataDir !== undefined) return loadDataDir(opts.dataDir, limits);
  const dataSeed = opts.dataSeed ?? 0;
  switch (opts.dataset) {
    case 'mnist':
    case 'fashion-mnist':
      return loadNpmDataset(opts.dataset, { testFraction: opts.testFraction ?? 1 / 7, splitSeed: dataSeed, ...limits });
    case 'synthetic':
      return syntheticDataset({
        seed: dataSeed,
        ...(opts.limitTrain === undefined ? {} : { trainCount: opts.limitTrain }),
        ...(opts.limitTest === undefined ? {} : { testCount: opts.limitTest }),
        ...opts.synthetic,
      });
    case undefined:
      throw new InputError(`no dataset: give --dataset ${DATASET_NAMES.join('|')} or --data DIR`);
    default:
      throw new InputError(`--dataset ${opts.dataset}: unknown dataset (known: ${DATASET_NAMES.join(', ')}; or --data DIR for IDX/CIFAR files)`);
  }
}
