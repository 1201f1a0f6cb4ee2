/**
 * `--data DIR`: an MNIST-format IDX directory, CIFAR-10/100 binary batches (also one level down, as unpacked) or
 * SVHN's train_32x32.mat and test_32x32.mat.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { findCifarFiles, loadCifarDir } from './cifar.js';
import { findIdxFiles, loadIdxDir } from './idx-dir.js';
import { hasSvhnFiles, loadSvhnDir } from './svhn.js';
import type { Dataset } from './types.js';

const UNPACKED_SUBDIRS = ['cifar-10-batches-bin', 'cifar-100-binary'];

export interface DataDirOptions {
  limitTrain?: number;
  limitTest?: number;
}

export function loadDataDir(dir: string, opts: DataDirOptions = {}): Dataset {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`--data ${dir}: not a directory`);
  const names = readdirSync(dir);
  const idx = findIdxFiles(dir, names);
  if (idx !== undefined) return loadIdxDir(dir, idx, opts);
  const cifar = findCifarFiles(dir, names);
  if (cifar !== undefined) return loadCifarDir(dir, cifar, opts);
  if (hasSvhnFiles(names)) return loadSvhnDir(dir, names, opts);
  for (const sub of UNPACKED_SUBDIRS) {
    if (names.includes(sub)) return loadDataDir(join(dir, sub), opts);
  }
  throw new InputError(
    `--data ${dir}: no dataset found (expected train-images-idx3-ubyte[.gz] and friends, CIFAR-10 data_batch_N.bin + test_batch.bin, CIFAR-100 train.bin + test.bin, or SVHN train_32x32.mat + test_32x32.mat)`,
  );
}
