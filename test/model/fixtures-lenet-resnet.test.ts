/**
 * Layers of real PyTorch exports (scripts/make_pytorch_fixtures.py, torch 1.13, opset 17).
 *
 * Hand derivation, LeNet-5 (conv 20@5x5, relu, maxpool, conv 50@5x5, relu, maxpool, flatten, fc 500, relu, fc 10):
 *   conv1 20x1x5x5 = 500 (+20 bias), conv2 50x20x5x5 = 25000 (+50), fc1 500x800 = 400000 (+500),
 *   fc2 10x500 = 5000 (+10)  ->  conv 2, linear 2; 431080 parameters in all.
 *
 * Tiny ResNet (stem conv3x3 3->8 + BN; BasicBlocks 8->8 s1, 8->16 s2 with 1x1 projection, 16->16 s1; GAP; fc 16->10):
 *   folded (eval export): stem + 2 per block 3x3 = 7 conv; the 1x1 stride-2 downsample feeds the residual Add with no
 *   activation in between = 1 pointwise_project; fc = 1 linear. 9 layers.
 *   BN kept (training export): the same 9 plus stem BN, 2 BN per block, downsample BN = 8 norm. 17 layers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLayers } from '../../src/model/layers.js';
import { primitiveTotals } from '../../src/model/totals.js';
import { readModel } from '../../src/onnx/read.js';
import { pytorchFixture } from './fixture-path.js';

test('lenet.onnx: four layers with their names, shapes and parameter counts', () => {
  const layers = extractLayers(readModel(pytorchFixture('lenet.onnx')));
  assert.deepEqual(
    layers.map((l) => [l.name, l.index, l.depth, l.primitive, l.weight, l.extras, l.shape, l.params, l.paramsAll]),
    [
      ['/conv1/Conv', 0, 0, 'conv', 'conv1.weight', ['conv1.bias'], [20, 1, 5, 5], 500, 520],
      ['/conv2/Conv', 3, 1, 'conv', 'conv2.weight', ['conv2.bias'], [50, 20, 5, 5], 25000, 25050],
      ['/fc1/Gemm', 7, 2, 'linear', 'fc1.weight', ['fc1.bias'], [500, 800], 400000, 400500],
      ['/fc2/Gemm', 9, 3, 'linear', 'fc2.weight', ['fc2.bias'], [10, 500], 5000, 5010],
    ],
  );
  assert.equal(layers.reduce((sum, l) => sum + l.paramsAll, 0), 431080);
  assert.deepEqual(primitiveTotals(layers).map((t) => [t.primitive, t.layers, t.params]), [
    ['conv', 2, 25500],
    ['linear', 2, 405000],
  ]);
});

const resnetConvs = [
  ['/conv1/Conv', 'conv', [8, 3, 3, 3]],
  ['/layer1/conv1/Conv', 'conv', [8, 8, 3, 3]],
  ['/layer1/conv2/Conv', 'conv', [8, 8, 3, 3]],
  ['/layer2/conv1/Conv', 'conv', [16, 8, 3, 3]],
  ['/layer2/conv2/Conv', 'conv', [16, 16, 3, 3]],
  ['/layer2/downsample/downsample.0/Conv', 'pointwise_project', [16, 8, 1, 1]],
  ['/layer3/conv1/Conv', 'conv', [16, 16, 3, 3]],
  ['/layer3/conv2/Conv', 'conv', [16, 16, 3, 3]],
  ['/fc/Gemm', 'linear', [10, 16]],
] as const;

test('resnet-folded.onnx: BN folded into generated onnx::Conv_N tensors, biases deduplicated through Identity', () => {
  const layers = extractLayers(readModel(pytorchFixture('resnet-folded.onnx')));
  assert.deepEqual(
    layers.map((l) => [l.name, l.primitive, l.shape]),
    resnetConvs.map(([name, primitive, shape]) => [name, primitive, [...shape]]),
  );
  const convs = layers.filter((l) => l.op === 'Conv');
  assert.ok(convs.every((l) => /^onnx::Conv_\d+$/.test(l.weight)), 'folded weights have generated names');
  // The exporter stores one zero bias per width and routes the copies through Identity nodes (Identity_0..5 come
  // first in the graph, so the stem conv sits at index 6).
  assert.equal(layers[0]!.index, 6);
  assert.deepEqual(layers[0]!.extras, ['onnx::Conv_82']);
  assert.deepEqual(layers[1]!.extras, ['onnx::Conv_82']);
  assert.deepEqual(new Set(convs.slice(3).map((l) => l.extras[0])), new Set(['onnx::Conv_91']));
  assert.deepEqual(layers.map((l) => l.structuralKey).slice(0, 2), ['6:Conv:1:8x3x3x3', '8:Conv:1:8x8x3x3']);
  assert.deepEqual(primitiveTotals(layers).map((t) => [t.primitive, t.layers]), [
    ['conv', 7],
    ['pointwise_project', 1],
    ['linear', 1],
  ]);
});

const unfoldedWeights = [
  'conv1.weight',
  'layer1.conv1.weight',
  'layer1.conv2.weight',
  'layer2.conv1.weight',
  'layer2.conv2.weight',
  'layer2.downsample.0.weight',
  'layer3.conv1.weight',
  'layer3.conv2.weight',
  'fc.weight',
];

test('resnet-bn.onnx: BatchNormalization kept, 8 norm layers between the convs', () => {
  const layers = extractLayers(readModel(pytorchFixture('resnet-bn.onnx')));
  assert.equal(layers.length, 17);
  const norms = layers.filter((l) => l.primitive === 'norm');
  assert.deepEqual(norms.map((l) => l.name), [
    '/bn1/BatchNormalization',
    '/layer1/bn1/BatchNormalization',
    '/layer1/bn2/BatchNormalization',
    '/layer2/bn1/BatchNormalization',
    '/layer2/bn2/BatchNormalization',
    '/layer2/downsample/downsample.1/BatchNormalization',
    '/layer3/bn1/BatchNormalization',
    '/layer3/bn2/BatchNormalization',
  ]);
  assert.deepEqual(norms[0]!.tensors, ['bn1.weight', 'bn1.bias']);
  assert.equal(norms[0]!.paramsAll, 16);
  assert.deepEqual(
    layers.filter((l) => l.primitive !== 'norm').map((l) => [l.name, l.primitive, l.weight]),
    resnetConvs.map(([name, primitive], i) => [name, primitive, unfoldedWeights[i]]),
  );
  // Unfolded convs have no bias.
  assert.ok(layers.filter((l) => l.op === 'Conv').every((l) => l.extras.length === 0));
  assert.deepEqual(primitiveTotals(layers).map((t) => [t.primitive, t.layers]), [
    ['conv', 7],
    ['pointwise_project', 1],
    ['linear', 1],
    ['norm', 8],
  ]);
});
