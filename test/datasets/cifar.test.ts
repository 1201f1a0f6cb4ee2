import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { loadDataDir } from '../../src/datasets/data-dir.js';
import { CIFAR10_STATS } from '../../src/datasets/normalize.js';
import { cifarBytes, pixel } from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

function writeCifar10(dir: string): void {
  writeFileSync(join(dir, 'data_batch_1.bin'), cifarBytes([[3], [7]], 0));
  writeFileSync(join(dir, 'data_batch_2.bin'), cifarBytes([[9]], 2));
  writeFileSync(join(dir, 'test_batch.bin'), cifarBytes([[1], [0]], 10));
  const names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  writeFileSync(join(dir, 'batches.meta.txt'), names.join('\n') + '\n\n');
}

test('CIFAR-10 batches load in batch order with per-channel normalisation', () => {
  const dir = tempDir('cifar10');
  try {
    writeCifar10(dir);
    const d = loadDataDir(dir);
    assert.equal(d.name, 'cifar10');
    assert.deepEqual(d.shape, [3, 32, 32]);
    assert.equal(d.classes, 10);
    assert.equal(d.classNames?.[3], 'cat');
    assert.deepEqual([...d.train.labels], [3, 7, 9]);
    assert.deepEqual([...d.test.labels], [1, 0]);
    // Sample 2 (from data_batch_2), green channel (c=1), pixel 5 of that channel: byte index 1024 + 5.
    const raw = pixel(2, 1024 + 5);
    const expected = (raw / 255 - CIFAR10_STATS.mean[1]!) / CIFAR10_STATS.std[1]!;
    assert.ok(Math.abs(d.train.images[2 * 3072 + 1024 + 5]! - expected) < 1e-5);
    const limited = loadDataDir(dir, { limitTrain: 2 });
    assert.equal(limited.train.count, 2);
    assert.deepEqual(limited.train.images, d.train.images.subarray(0, 2 * 3072));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('CIFAR-100 uses the fine label and is found in the unpacked subdirectory', () => {
  const dir = tempDir('cifar100');
  try {
    const sub = join(dir, 'cifar-100-binary');
    mkdirSync(sub);
    writeFileSync(join(sub, 'train.bin'), cifarBytes([[4, 77], [19, 99]]));
    writeFileSync(join(sub, 'test.bin'), cifarBytes([[0, 5]]));
    const d = loadDataDir(dir);
    assert.equal(d.name, 'cifar100');
    assert.equal(d.classes, 100);
    assert.deepEqual([...d.train.labels], [77, 99]);
    assert.deepEqual([...d.test.labels], [5]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('corrupt CIFAR files are clear InputErrors', () => {
  const dir = tempDir('cifarbad');
  try {
    writeCifar10(dir);
    writeFileSync(join(dir, 'test_batch.bin'), cifarBytes([[1]]).subarray(0, 3000));
    assert.throws(
      () => loadDataDir(dir),
      (e: Error) => e instanceof InputError && /test_batch\.bin: 3000 bytes is not a whole number of 3073-byte CIFAR records/.test(e.message),
    );
    writeFileSync(join(dir, 'test_batch.bin'), cifarBytes([[1], [12]]));
    assert.throws(() => loadDataDir(dir), /test_batch\.bin: record 1 has label 12, outside 0\.\.9/);
    rmSync(join(dir, 'test_batch.bin'));
    assert.throws(() => loadDataDir(dir), /CIFAR-10 directory has no test_batch\.bin/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
