/** `--data DIR`: an MNIST-format IDX directory or CIFAR-10/100 binary batches (also one level down, as unpacked). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { findCifarFiles, loadCifarDir } from './cifar.js';
import { findIdxFiles, loadIdxDir } from './idx-dir.js';
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
  for (const sub of UNPACKED_SUBDIRS) {
    if (names.includes(sub)) return loadDataDir(join(dir, sub), opts);
  }
  throw new InputError(
    `--data ${dir}: no dataset found (expected train-images-idx3-ubyte[.gz] and friends, CIFAR-10 data_batch_N.bin + test_batch.bin, or CIFAR-100 train.bin + test.bin)`,
  );
}
