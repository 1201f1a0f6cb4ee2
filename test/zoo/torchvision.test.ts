// The full-size zoo against torchvision 0.14 (fixtures/torchvision-zoo/state-dicts.json, written by
// scripts/torchvision-zoo-shapes.py): every state_dict tensor's name and shape, and the parameter count, at
// 3x224x224 and 1000 classes; the class count and input shape follow the options; tiny forward runs; the
// initialization's statistics against torchvision's formulas.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { encodeModel } from '../../src/onnx/encode.js';
import type { Model } from '../../src/onnx/types.js';
import { analyzeForward } from '../../src/artifacts/autodiff/forward-info.js';
import { TORCHVISION_MODELS, zooGraph, zooInputShape, zooModel } from '../../src/zoo/index.js';
import { makeDivisible } from '../../src/zoo/efficientnet.js';
import { createSession, floatTensor, run } from '../../src/runtime/session.js';

const FIXTURE = JSON.parse(readFileSync(new URL('../../../fixtures/torchvision-zoo/state-dicts.json', import.meta.url), 'utf8')) as Record<
  string,
  { parameters: number; tensors: Record<string, number[]> }
>;

function shapes(model: Model): Record<string, number[]> {
  return Object.fromEntries(model.graph.initializers.map((t) => [t.name, t.dims]));
}

for (const name of Object.keys(TORCHVISION_MODELS)) {
  test(`${name}: the state_dict names and shapes and the parameter count of torchvision's`, () => {
    const model = zooGraph(name, [3, 224, 224], 1000);
    assert.deepEqual(shapes(model), FIXTURE[name]!.tensors);
    const info = analyzeForward(model, name);
    const count = info.params.reduce((a, t) => a + t.data.length, 0);
    assert.equal(count, FIXTURE[name]!.parameters);
    assert.equal(info.buffers.length, Object.keys(FIXTURE[name]!.tensors).filter((k) => k.endsWith('running_mean')).length * 2);
  });
}

test('class count and input shape follow the options (resnet50 on 1x32x32 with 100 classes)', () => {
  const model = zooGraph('resnet50', [1, 32, 32], 100);
  const s = shapes(model);
  assert.deepEqual(s['conv1.weight'], [64, 1, 7, 7]);
  assert.deepEqual(s['fc.weight'], [100, 2048]);
  assert.deepEqual(model.graph.inputs[0]!.shape, ['batch', 1, 32, 32]);
});

test('torchvision models take 3 channels and at least 32x32 (grey 28x28 data is padded and repeated); small models take the data as it is', () => {
  assert.deepEqual(zooInputShape('vgg19', [1, 28, 28]), [3, 32, 32]);
  assert.deepEqual(zooInputShape('resnet18', [3, 64, 48]), [3, 64, 48]);
  assert.deepEqual(zooInputShape('lenet5', [1, 28, 28]), [1, 28, 28]);
});

test('makeDivisible is torchvision\'s _make_divisible (B4 widths)', () => {
  // 32*1.4 = 44.8 -> 48; 16*1.4 = 22.4 -> 24; 24*1.4 = 33.6 -> 32; 40*1.4 = 56; 80*1.4 = 112; 320*1.4 = 448
  assert.deepEqual([32, 16, 24, 40, 80, 112, 192, 320].map((c) => makeDivisible(c * 1.4)), [48, 24, 32, 56, 112, 160, 272, 448]);
  assert.equal(makeDivisible(3), 8);
});

async function logits(model: Model, inputShape: number[], batch: number): Promise<{ dims: number[]; data: Float32Array }> {
  const session = await createSession(encodeModel(model), { device: 'cpu', threads: 1 });
  const shape = [batch, ...inputShape];
  const x = Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, (_, i) => Math.sin(i * 0.37));
  const out = (await run(session, { input: floatTensor(x, shape) }))['logits']!;
  return { dims: out.dims as number[], data: out.data as Float32Array };
}

for (const name of ['resnet18', 'mobilenet-v2', 'efficientnet-b0']) {
  test(`${name}: a 3x32x32 batch of 2 gives finite logits [2, 10]`, async () => {
    const out = await logits(zooModel(name, { inputShape: [3, 32, 32], numClasses: 10 }), [3, 32, 32], 2);
    assert.deepEqual(out.dims, [2, 10]);
    assert.ok(out.data.every(Number.isFinite));
    assert.ok(out.data.some((v) => v !== 0));
  });
}

test('vgg19 adaptive pooling: a 1x1 map at 32x32 is replicated to 7x7 (classifier input 25088), as PyTorch does', () => {
  const model = zooGraph('vgg19', [3, 32, 32], 10);
  assert.deepEqual(shapes(model)['classifier.0.weight'], [4096, 25088]);
});

function stats(v: Float32Array): { mean: number; std: number; min: number; max: number } {
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const x of v) {
    s += x;
    s2 += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  return { mean, std: Math.sqrt(s2 / v.length - mean * mean), min, max };
}

test('torchvision initialization: conv N(0, 2/fan_out), BN 1/0, Linear by family; seeded', () => {
  const model = zooModel('resnet18', { inputShape: [3, 32, 32], numClasses: 10, seed: 3 });
  const t = (n: string) => model.graph.initializers.find((i) => i.name === n)!.data as Float32Array;
  const conv = stats(t('layer3.0.conv2.weight')); // [256, 256, 3, 3]: fan_out 256 * 9
  assert.ok(Math.abs(conv.std / Math.sqrt(2 / (256 * 9)) - 1) < 0.01, `conv std ${conv.std}`);
  assert.ok(Math.abs(conv.mean) < 1e-3);
  assert.ok(t('bn1.weight').every((v) => v === 1) && t('bn1.bias').every((v) => v === 0));
  assert.ok(t('bn1.running_var').every((v) => v === 1) && t('bn1.running_mean').every((v) => v === 0));
  const fc = stats(t('fc.weight')); // U(+-1/sqrt(512))
  assert.ok(fc.max <= 1 / Math.sqrt(512) && fc.min >= -1 / Math.sqrt(512) && fc.max > 0.9 / Math.sqrt(512));
  assert.ok(t('fc.bias').some((v) => v !== 0));

  const mobile = zooModel('mobilenet-v2', { inputShape: [3, 32, 32], numClasses: 10 });
  const head = stats(mobile.graph.initializers.find((i) => i.name === 'classifier.1.weight')!.data as Float32Array);
  assert.ok(Math.abs(head.std / 0.01 - 1) < 0.05, `mobilenet head std ${head.std}`);
  const eff = zooModel('efficientnet-b0', { inputShape: [3, 32, 32], numClasses: 10 });
  const effHead = stats(eff.graph.initializers.find((i) => i.name === 'classifier.1.weight')!.data as Float32Array);
  assert.ok(effHead.max <= 1 / Math.sqrt(10) && effHead.max > 0.9 / Math.sqrt(10));

  const again = zooModel('resnet18', { inputShape: [3, 32, 32], numClasses: 10, seed: 3 });
  assert.deepEqual(again.graph.initializers[0]!.data, model.graph.initializers[0]!.data);
  const other = zooModel('resnet18', { inputShape: [3, 32, 32], numClasses: 10, seed: 4 });
  assert.notDeepEqual(other.graph.initializers[0]!.data.slice(0, 10), model.graph.initializers[0]!.data.slice(0, 10));
});
