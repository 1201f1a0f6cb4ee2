// Fitting images to a model's input shape: centred zero padding, grey -> RGB repetition, bilinear resizing with
// PyTorch's align_corners=False sampling (checked on ramps, where bilinear interpolation is exact away from the
// clamped borders, with the sample positions worked out by hand), and the refusals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { fitDataset, resizeBilinear } from '../../src/datasets/fit-shape.js';
import type { Dataset } from '../../src/datasets/types.js';

function dataset(shape: [number, number, number], images: number[]): Dataset {
  const split = { images: Float32Array.from(images), labels: Int32Array.of(0), count: 1 };
  return { name: 'toy', source: 'test', shape, classes: 2, normalization: 'none', train: split, test: split };
}

test('grey 2x2 -> RGB 4x4: centred zero padding, the plane repeated three times', () => {
  const fitted = fitDataset(dataset([1, 2, 2], [1, 2, 3, 4]), [3, 4, 4]);
  const plane = [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0];
  assert.deepEqual(Array.from(fitted.train.images), [...plane, ...plane, ...plane]);
  assert.deepEqual(fitted.shape, [3, 4, 4]);
  assert.match(fitted.normalization, /zero-padded 2x2 -> 4x4, grey channel repeated to 3/);
});

test('bilinear upsampling 4 -> 8 of a ramp samples at (i + 0.5) / 2 - 0.5, clamped', () => {
  const ramp = Float32Array.of(0, 1, 2, 3);
  assert.deepEqual(Array.from(resizeBilinear(ramp, 1, 4, 1, 8)), [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3]);
});

test('bilinear downsampling 4x4 -> 2x2 of x + 10 y averages the 2x2 blocks (samples at 0.5 and 2.5)', () => {
  const img = Float32Array.from({ length: 16 }, (_, i) => (i % 4) + 10 * Math.floor(i / 4));
  assert.deepEqual(Array.from(resizeBilinear(img, 4, 4, 2, 2)), [5.5, 7.5, 25.5, 27.5]);
});

test('a 3-channel model cannot take 2-channel data; a matching shape is left alone', () => {
  assert.throws(() => fitDataset(dataset([2, 1, 1], [1, 2]), [3, 1, 1]), InputError);
  const d = dataset([1, 1, 2], [1, 2]);
  assert.equal(fitDataset(d, [1, 1, 2]), d);
});
