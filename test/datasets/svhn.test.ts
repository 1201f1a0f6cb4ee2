// SVHN .mat files (fixtures/svhn from scripts/make-svhn-fixture.py, written by scipy: one zlib-compressed, one
// not): pixels land in C,H,W order with the SVHN statistics, computed here from the script's pixel formula; label
// 10 becomes class 0; bad files are one-line InputErrors.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/errors.js';
import { loadDataDir } from '../../src/datasets/data-dir.js';
import { readMat5 } from '../../src/datasets/mat5.js';
import { tempDir } from '../util/temp-dir.js';

const DIR = fileURLToPath(new URL('../../../fixtures/svhn/', import.meta.url));
const MEAN = [0.4377, 0.4438, 0.4728], STD = [0.198, 0.201, 0.197];

test('SVHN directory: images in C,H,W order, normalised; label 10 is digit 0', () => {
  const d = loadDataDir(DIR);
  assert.equal(d.name, 'svhn');
  assert.deepEqual(d.shape, [3, 32, 32]);
  assert.equal(d.classes, 10);
  assert.deepEqual(Array.from(d.train.labels), [0, 3, 7]);
  assert.deepEqual(Array.from(d.test.labels), [1, 0]);
  assert.equal(d.train.count, 3);
  for (const [split, n] of [[d.train, 3], [d.test, 2]] as const) {
    for (let m = 0; m < n; m++) {
      for (const [k, i, j] of [[0, 0, 0], [1, 5, 9], [2, 31, 2], [0, 17, 30]] as const) {
        const raw = (7 * i + 3 * j + 50 * k + 11 * m) % 256;
        const expected = (raw / 255 - MEAN[k]!) / STD[k]!;
        assert.ok(Math.abs(split.images[m * 3072 + k * 1024 + i * 32 + j]! - expected) < 1e-5, `image ${m} (${k}, ${i}, ${j})`);
      }
    }
  }
  const limited = loadDataDir(DIR, { limitTrain: 2 });
  assert.equal(limited.train.count, 2);
});

test('MAT reader: dims and types as stored (column-major), uint8 kept as bytes', () => {
  const file = join(DIR, 'test_32x32.mat');
  const m = readMat5(new Uint8Array(readFileSync(file)), file);
  assert.deepEqual(m.get('X')!.dims, [32, 32, 3, 2]);
  assert.ok(m.get('X')!.data instanceof Uint8Array);
  assert.deepEqual(Array.from(m.get('y')!.data), [1, 10]);
});

test('bad SVHN directories and files are one-line InputErrors', (t) => {
  const dir = tempDir('svhn', t);
  writeFileSync(join(dir, 'train_32x32.mat'), Buffer.alloc(200));
  assert.throws(() => loadDataDir(dir), (e: Error) => e instanceof InputError && /no test_32x32\.mat/.test(e.message));
  writeFileSync(join(dir, 'test_32x32.mat'), Buffer.alloc(200));
  assert.throws(() => loadDataDir(dir), (e: Error) => e instanceof InputError && /not a little-endian level-5 MAT file/.test(e.message) && !e.message.includes('\n'));
  writeFileSync(join(dir, 'test_32x32.mat'), Buffer.from('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: HDF5 schema'.padEnd(200)));
  assert.throws(() => loadDataDir(dir), /MAT v7\.3 \(HDF5\)|not a little-endian/);
});
