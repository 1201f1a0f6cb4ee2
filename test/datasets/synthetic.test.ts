import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticDataset } from '../../src/datasets/synthetic.js';
import { loadDataset } from '../../src/datasets/index.js';

test('synthetic data is deterministic for a seed and differs between seeds', () => {
  const a = syntheticDataset({ seed: 3, trainCount: 40, testCount: 10 });
  const b = syntheticDataset({ seed: 3, trainCount: 40, testCount: 10 });
  const c = syntheticDataset({ seed: 4, trainCount: 40, testCount: 10 });
  assert.deepEqual(a.train.images, b.train.images);
  assert.deepEqual(a.test.labels, b.test.labels);
  assert.notDeepEqual(a.train.images, c.train.images);
  assert.equal(a.train.images.length, 40 * 28 * 28);
  assert.ok(a.train.labels.every((l) => l >= 0 && l < 10));
  assert.ok(a.train.images.every((v) => Number.isFinite(v)));
});

test('synthetic data honours shape and class count', () => {
  const d = syntheticDataset({ shape: [3, 8, 6], classes: 4, trainCount: 30, testCount: 7, seed: 1 });
  assert.deepEqual(d.shape, [3, 8, 6]);
  assert.equal(d.classes, 4);
  assert.equal(d.train.images.length, 30 * 3 * 8 * 6);
  assert.equal(d.test.count, 7);
  assert.ok(d.train.labels.every((l) => l < 4));
  assert.equal(new Set(d.train.labels).size, 4);
});

test('synthetic data is learnable: nearest class mean classifies most test samples', () => {
  const d = syntheticDataset({ seed: 0, trainCount: 300, testCount: 100 });
  const size = 28 * 28;
  const means = Array.from({ length: 10 }, () => new Float64Array(size));
  const counts = new Array<number>(10).fill(0);
  for (let s = 0; s < d.train.count; s++) {
    const l = d.train.labels[s]!;
    counts[l]!++;
    for (let i = 0; i < size; i++) means[l]![i]! += d.train.images[s * size + i]!;
  }
  means.forEach((m, l) => m.forEach((v, i) => (m[i] = v / Math.max(1, counts[l]!))));
  let correct = 0;
  for (let s = 0; s < d.test.count; s++) {
    let best = -1;
    let bestDist = Infinity;
    means.forEach((m, l) => {
      let dist = 0;
      for (let i = 0; i < size; i++) dist += (d.test.images[s * size + i]! - m[i]!) ** 2;
      if (dist < bestDist) [best, bestDist] = [l, dist];
    });
    if (best === d.test.labels[s]) correct++;
  }
  assert.ok(correct >= 80, `nearest-mean accuracy ${correct}/100`);
});

test('loadDataset routes names, applies limits to synthetic counts and rejects unknown names', async () => {
  const d = await loadDataset({ dataset: 'synthetic', limitTrain: 20, limitTest: 5, dataSeed: 2 });
  assert.equal(d.train.count, 20);
  assert.equal(d.test.count, 5);
  assert.deepEqual(d.train.images, syntheticDataset({ seed: 2, trainCount: 20, testCount: 5 }).train.images);
  await assert.rejects(loadDataset({ dataset: 'imagenet' }), /--dataset imagenet: unknown dataset/);
  await assert.rejects(loadDataset({}), /no dataset: give --dataset/);
  await assert.rejects(loadDataset({ dataset: 'synthetic', limitTrain: 0 }), /^InputError: invalid --limit-train: got 0, expected a positive integer$/);
});
