import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from '../../src/datasets/batcher.js';
import type { Split } from '../../src/datasets/types.js';

/** 10 samples of 2 values each; sample s holds [s, -s] and label s. */
function indexSplit(count = 10): Split {
  const images = new Float32Array(count * 2);
  for (let s = 0; s < count; s++) images.set([s, -s], 2 * s);
  return { images, labels: Int32Array.from({ length: count }, (_, s) => s), count };
}

function epochSamples(b: Batcher, epoch: number): number[] {
  b.startEpoch(epoch);
  const seen: number[] = [];
  for (let i = 0; i < b.batches; i++) {
    const size = b.fill(i);
    const images = b.imagesView(size);
    const labels = b.labelsView(size);
    for (let k = 0; k < size; k++) {
      assert.equal(images[2 * k], Number(labels[k]));
      assert.equal(images[2 * k + 1], -Number(labels[k]));
      seen.push(Number(labels[k]));
    }
  }
  return seen;
}

test('every sample is visited exactly once per epoch, partial last batch kept', () => {
  const b = new Batcher(indexSplit(), [2], { batchSize: 4, shuffle: true, seed: 7 });
  assert.equal(b.batches, 3);
  for (const epoch of [0, 1, 2]) {
    const seen = epochSamples(b, epoch);
    assert.deepEqual([...seen].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }
  b.startEpoch(0);
  assert.equal(b.fill(2), 2);
  assert.equal(b.imagesView(2).length, 4);
  assert.equal(b.labelsView(2).length, 2);
});

test('the order of an epoch depends only on seed and epoch', () => {
  const b = new Batcher(indexSplit(), [2], { batchSize: 3, shuffle: true, seed: 7 });
  const e0 = epochSamples(b, 0);
  const e1 = epochSamples(b, 1);
  assert.notDeepEqual(e0, e1);
  const fresh = new Batcher(indexSplit(), [2], { batchSize: 3, shuffle: true, seed: 7 });
  assert.deepEqual(epochSamples(fresh, 1), e1);
  const otherSeed = new Batcher(indexSplit(), [2], { batchSize: 3, shuffle: true, seed: 8 });
  assert.notDeepEqual(epochSamples(otherSeed, 1), e1);
});

test('no shuffle visits in order; dropLast skips the partial batch', () => {
  const ordered = new Batcher(indexSplit(), [2], { batchSize: 4, shuffle: false });
  assert.deepEqual(epochSamples(ordered, 5), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const dropping = new Batcher(indexSplit(), [2], { batchSize: 4, shuffle: false, dropLast: true });
  assert.equal(dropping.batches, 2);
  assert.deepEqual(epochSamples(dropping, 0), [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('batches are written into the same preallocated buffers', () => {
  const b = new Batcher(indexSplit(), [2], { batchSize: 4, shuffle: true, seed: 1 });
  const images = b.images;
  const labels = b.labels;
  b.fill(0);
  b.fill(1);
  assert.equal(b.images, images);
  assert.equal(b.labels, labels);
  assert.equal(b.imagesView(4), images);
  assert.equal(b.imagesView(2).buffer, images.buffer);
  assert.throws(() => b.fill(3), /batch 3 out of range 0\.\.2/);
  assert.throws(() => new Batcher(indexSplit(), [2], { batchSize: 0, shuffle: false }), /positive integer/);
});
