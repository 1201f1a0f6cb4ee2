import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model } from '../../src/onnx/types.js';
import { schemeValues, initializeModel } from '../../src/zoo/init.js';
import { zooModel } from '../../src/zoo/index.js';

function values(m: Model, name: string): Float32Array {
  return m.graph.initializers.find((t) => t.name === name)!.data as Float32Array;
}

function stats(a: Float32Array): { mean: number; std: number; maxAbs: number } {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
  return { mean, std, maxAbs: a.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
}

test('kaiming-uniform: weights and biases in U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch default)', () => {
  const m = zooModel('lenet5', { init: 'kaiming-uniform', seed: 1 });
  for (const [name, fanIn] of [['conv2.weight', 500], ['conv2.bias', 500], ['fc1.weight', 800], ['fc2.bias', 500]] as const) {
    const bound = 1 / Math.sqrt(fanIn);
    const s = stats(values(m, name));
    assert.ok(s.maxAbs <= bound, `${name}: |w| <= ${bound}`);
    if (name.endsWith('weight')) {
      assert.ok(s.maxAbs > 0.98 * bound, `${name}: spans the interval`);
      assert.ok(Math.abs(s.std - bound / Math.sqrt(3)) < 0.03 * bound, `${name}: std of a uniform`);
      assert.ok(Math.abs(s.mean) < 0.02 * bound, `${name}: centered`);
    }
  }
});

test('kaiming-normal: weights N(0, 2/fan_in), biases 0', () => {
  const m = zooModel('lenet5', { init: 'kaiming-normal', seed: 2 });
  for (const [name, fanIn] of [['conv2.weight', 500], ['fc1.weight', 800]] as const) {
    const s = stats(values(m, name));
    const std = Math.sqrt(2 / fanIn);
    assert.ok(Math.abs(s.std - std) < 0.02 * std, `${name}: std ${s.std} vs ${std}`);
    assert.ok(Math.abs(s.mean) < 0.02 * std, `${name}: mean ${s.mean}`);
  }
  assert.ok(values(m, 'conv1.bias').every((v) => v === 0));
  assert.ok(values(m, 'fc2.bias').every((v) => v === 0));
});

test('BatchNorm: scale 1, shift 0, running mean 0, running var 1 under both schemes', () => {
  for (const init of ['kaiming-uniform', 'kaiming-normal'] as const) {
    const m = zooModel('resnet-mini', { init, seed: 5 });
    assert.ok(values(m, 'layer2.0.bn1.weight').every((v) => v === 1));
    assert.ok(values(m, 'layer2.0.bn1.bias').every((v) => v === 0));
    assert.ok(values(m, 'layer2.0.bn1.running_mean').every((v) => v === 0));
    assert.ok(values(m, 'layer2.0.bn1.running_var').every((v) => v === 1));
    // depthwise-free model: conv fan_in = C_in * 3 * 3
    const s = stats(values(m, 'layer2.0.conv1.weight'));
    const expected = init === 'kaiming-normal' ? Math.sqrt(2 / 144) : 1 / Math.sqrt(144) / Math.sqrt(3);
    assert.ok(Math.abs(s.std - expected) < 0.06 * expected, `${init}: std ${s.std} vs ${expected}`);
  }
});

test('depthwise fan_in is (C/group) * k * k = 9', () => {
  const m = zooModel('effnet-mini', { init: 'kaiming-uniform', seed: 0 });
  assert.ok(stats(values(m, 'blocks.1.depthwise.weight')).maxAbs > 0.9 / 3);
  assert.ok(stats(values(m, 'blocks.1.depthwise.weight')).maxAbs <= 1 / 3);
});

test('initializeModel is reproducible and leaves the input model untouched', () => {
  const m = zooModel('mlp', { seed: 9 });
  const before = values(m, 'fc1.weight').slice();
  const a = initializeModel(m, 'kaiming-normal', 7);
  const b = schemeValues(m, 'kaiming-normal', 7);
  assert.deepEqual(values(a, 'fc1.weight'), b.get('fc1.weight'));
  assert.deepEqual(values(m, 'fc1.weight'), before);
  assert.notDeepEqual(values(a, 'fc1.weight'), before);
});
