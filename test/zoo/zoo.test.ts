import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { encodeModel } from '../../src/onnx/encode.js';
import type { Model } from '../../src/onnx/types.js';
import { readInt } from '../../src/graph/attrs.js';
import { isTorchvisionModel, ZOO_NAMES, zooModel } from '../../src/zoo/index.js';
import { createSession, floatTensor, run } from '../../src/runtime/session.js';

function dims(model: Model, name: string): number[] {
  const t = model.graph.initializers.find((i) => i.name === name);
  assert.ok(t, `initializer ${name} exists`);
  return t.dims;
}

async function logitsDims(model: Model, inputShape: number[], batch: number): Promise<number[]> {
  const session = await createSession(encodeModel(model), { device: 'cpu', threads: 1 });
  const shape = [batch, ...inputShape];
  const x = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i));
  const out = await run(session, { input: floatTensor(x, shape) });
  const logits = out['logits']!;
  assert.ok(Array.from(logits.data as Float32Array).every(Number.isFinite), 'finite logits');
  return logits.dims;
}

// The full-size torchvision models are covered by torchvision.test.ts.
for (const name of ZOO_NAMES.filter((n) => !isTorchvisionModel(n))) {
  test(`${name}: input [batch, C, H, W] -> logits [batch, classes] for MNIST and CIFAR shapes`, async () => {
    assert.deepEqual(await logitsDims(zooModel(name, { inputShape: [1, 28, 28] }), [1, 28, 28], 3), [3, 10]);
    assert.deepEqual(await logitsDims(zooModel(name, { inputShape: [3, 32, 32], numClasses: 100 }), [3, 32, 32], 2), [2, 100]);
    const m = zooModel(name);
    assert.deepEqual(m.graph.inputs.map((i) => [i.name, i.shape]), [['input', ['batch', 1, 28, 28]]]);
    assert.deepEqual(m.graph.outputs.map((o) => [o.name, o.shape]), [['logits', ['batch', 10]]]);
    assert.deepEqual(m.opsetImports, [{ domain: '', version: 17 }]);
    assert.equal(m.irVersion, 8);
  });
}

test('lenet5: layer sizes, fc1 sized from the input shape', () => {
  const mnist = zooModel('lenet5', { inputShape: [1, 28, 28] });
  assert.deepEqual(dims(mnist, 'conv1.weight'), [20, 1, 5, 5]);
  assert.deepEqual(dims(mnist, 'conv2.weight'), [50, 20, 5, 5]);
  assert.deepEqual(dims(mnist, 'fc1.weight'), [500, 800]);
  assert.deepEqual(dims(mnist, 'fc2.weight'), [10, 500]);
  const cifar = zooModel('lenet5', { inputShape: [3, 32, 32] });
  assert.deepEqual(dims(cifar, 'conv1.weight'), [20, 3, 5, 5]);
  assert.deepEqual(dims(cifar, 'fc1.weight'), [500, 1250]);
  assert.deepEqual(
    mnist.graph.nodes.map((n) => `${n.name}:${n.opType}`),
    ['conv1:Conv', 'relu1:Relu', 'pool1:MaxPool', 'conv2:Conv', 'relu2:Relu', 'pool2:MaxPool', 'flatten:Flatten', 'fc1:Gemm', 'relu3:Relu', 'fc2:Gemm'],
  );
});

test('mlp: flatten, fc1 256, relu, fc2', () => {
  const m = zooModel('mlp', { inputShape: [3, 32, 32], numClasses: 7 });
  assert.deepEqual(dims(m, 'fc1.weight'), [256, 3072]);
  assert.deepEqual(dims(m, 'fc2.weight'), [7, 256]);
  assert.deepEqual(m.graph.nodes.map((n) => n.opType), ['Flatten', 'Gemm', 'Relu', 'Gemm']);
});

test('resnet-mini: BasicBlocks with BatchNorm, a strided block with a 1x1 projection, GAP, fc', () => {
  const m = zooModel('resnet-mini', { inputShape: [3, 32, 32] });
  const names = m.graph.nodes.map((n) => n.name);
  for (const n of ['conv1', 'bn1', 'layer1.0.conv1', 'layer1.0.bn2', 'layer1.0.add', 'layer2.0.downsample.0', 'layer2.0.downsample.1', 'avgpool', 'fc']) {
    assert.ok(names.includes(n), `node ${n}`);
  }
  assert.ok(!names.includes('layer1.0.downsample.0'), 'identity skip where the shape is kept');
  const proj = m.graph.nodes.find((n) => n.name === 'layer2.0.downsample.0')!;
  assert.deepEqual(dims(m, proj.inputs[1]!), [32, 16, 1, 1]);
  assert.deepEqual((proj.attributes['strides'] as { value: number[] }).value, [2, 2]);
  assert.deepEqual(dims(m, 'layer1.0.bn1.running_var'), [16]);
  assert.equal(m.graph.nodes.filter((n) => n.opType === 'Add').length, 3);
  assert.ok(!m.graph.initializers.some((t) => t.name === 'conv1.bias'), 'convs before BN have no bias');
  assert.deepEqual(dims(m, 'fc.weight'), [10, 64]);
});

test('effnet-mini: MBConv blocks with depthwise conv, squeeze-excitation and SiLU as Mul(x, Sigmoid(x))', () => {
  const m = zooModel('effnet-mini', { inputShape: [3, 32, 32] });
  const byName = new Map(m.graph.nodes.map((n) => [n.name, n]));
  const dw = byName.get('blocks.1.depthwise')!;
  assert.equal(readInt(dw, 'group', 1), 64);
  assert.deepEqual(dims(m, dw.inputs[1]!), [64, 1, 3, 3]);
  assert.deepEqual(dims(m, 'blocks.1.se.reduce.weight'), [4, 64, 1, 1]);
  assert.deepEqual(dims(m, 'blocks.1.se.expand.weight'), [64, 4, 1, 1]);
  const act = byName.get('blocks.1.act0')!;
  const sigmoid = byName.get('blocks.1.act0.sigmoid')!;
  assert.equal(act.opType, 'Mul');
  assert.equal(sigmoid.opType, 'Sigmoid');
  assert.deepEqual(act.inputs, [sigmoid.inputs[0], sigmoid.outputs[0]]);
  const scale = byName.get('blocks.1.se.scale')!;
  assert.equal(scale.opType, 'Mul');
  assert.equal(scale.inputs[1], byName.get('blocks.1.se.gate')!.outputs[0]);
  assert.ok(byName.has('blocks.0.add') && byName.has('blocks.2.add'), 'residual where shapes allow');
  assert.ok(!byName.has('blocks.1.add') && !byName.has('blocks.3.add'), 'no residual across a stride or channel change');
});

test('zooModel rejects unknown names and inputs too small for the architecture', () => {
  assert.throws(() => zooModel('vgg16'), (e) => e instanceof InputError && /unknown model vgg16/.test(e.message));
  assert.throws(() => zooModel('lenet5', { inputShape: [1, 8, 8] }), (e) => e instanceof InputError && /too small/.test(e.message));
  assert.throws(() => zooModel('mlp', { numClasses: 1 }), InputError);
});

test('zoo models are deterministic per seed and initialized (not zero)', () => {
  const a = zooModel('lenet5', { seed: 3 });
  const b = zooModel('lenet5', { seed: 3 });
  const c = zooModel('lenet5', { seed: 4 });
  const w = (m: Model) => m.graph.initializers.find((t) => t.name === 'conv2.weight')!.data as Float32Array;
  assert.deepEqual(w(a), w(b));
  assert.notDeepEqual(w(a), w(c));
  assert.ok(w(a).some((v) => v !== 0));
});
