/**
 * fixtures/pytorch/lenet-run: a small LeNet (conv 4@5x5, conv 8@5x5, fc 32, fc 10) exported after 0..3 short
 * epochs of SGD. expected-rwc.json was computed independently with numpy (float64) from the same files read by the
 * onnx Python package; here the TypeScript reader plus the layer list must reproduce it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractLayers } from '../../src/model/layers.js';
import { matchLayers } from '../../src/model/match.js';
import { readModel } from '../../src/onnx/read.js';
import type { Model } from '../../src/onnx/types.js';
import { pytorchFixture } from './fixture-path.js';

const epochs = [0, 1, 2, 3].map((e) => readModel(pytorchFixture(`lenet-run/epoch-00${e}.onnx`)));
const expected = JSON.parse(readFileSync(pytorchFixture('lenet-run/expected-rwc.json'), 'utf8')) as Record<string, number[]>;

function weightData(model: Model, name: string): ArrayLike<number> {
  const tensor = model.graph.initializers.find((t) => t.name === name)!;
  return tensor.data as ArrayLike<number>;
}

function rwc(previous: ArrayLike<number>, current: ArrayLike<number>): number {
  let changed = 0;
  let base = 0;
  for (let i = 0; i < previous.length; i++) {
    changed += Math.abs(current[i]! - previous[i]!);
    base += Math.abs(previous[i]!);
  }
  return changed / base;
}

test('lenet-run: four layers per checkpoint, shapes of the shrunk LeNet', () => {
  for (const model of epochs) {
    assert.deepEqual(
      extractLayers(model).map((l) => [l.name, l.primitive, l.weight, l.shape]),
      [
        ['/conv1/Conv', 'conv', 'conv1.weight', [4, 1, 5, 5]],
        ['/conv2/Conv', 'conv', 'conv2.weight', [8, 4, 5, 5]],
        ['/fc1/Gemm', 'linear', 'fc1.weight', [32, 128]],
        ['/fc2/Gemm', 'linear', 'fc2.weight', [10, 32]],
      ],
    );
  }
});

test('lenet-run: consecutive checkpoints match by name and reproduce the numpy RWC', () => {
  const layers = epochs.map((m) => extractLayers(m));
  assert.deepEqual(Object.keys(expected), layers[0]!.map((l) => l.weight));
  for (let t = 1; t < epochs.length; t++) {
    const m = matchLayers(layers[t - 1]!, layers[t]!);
    assert.ok(m.pairs.every((p) => p.by === 'name'));
    assert.equal(m.pairs.length, 4);
    for (const pair of m.pairs) {
      const value = rwc(weightData(epochs[t - 1]!, pair.a.weight), weightData(epochs[t]!, pair.b.weight));
      const want = expected[pair.a.weight]![t - 1]!;
      assert.ok(want > 0, 'training moved every layer');
      assert.ok(Math.abs(value - want) <= 1e-12 * want, `${pair.a.weight} epoch ${t}: ${value} vs ${want}`);
    }
  }
});
