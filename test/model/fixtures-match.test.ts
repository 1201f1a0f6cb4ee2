/**
 * Matching across real exports whose generated names differ. resnet-folded-aux.onnx is the same network with the
 * same weights, but the module also carries an unused auxiliary head: its two parameters are traced first, so every
 * generated `onnx::Conv_N` shifts by 2 while the ONNX graph itself is unchanged. Worse, some numbers are reused for
 * other tensors (onnx::Conv_84 is layer1.conv1's folded weight in one file and the stem's bias in the other).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLayers } from '../../src/model/layers.js';
import { initializerShapes, matchLayers } from '../../src/model/match.js';
import { readModel } from '../../src/onnx/read.js';
import type { Model, Tensor } from '../../src/onnx/types.js';
import { pytorchFixture } from './fixture-path.js';

function initializer(model: Model, name: string): Tensor {
  const tensor = model.graph.initializers.find((t) => t.name === name);
  assert.ok(tensor, `initializer ${name}`);
  return tensor;
}

test('the folded ResNet and its aux-head twin: fc by name, every conv by structure, equal weights paired', () => {
  const a = readModel(pytorchFixture('resnet-folded.onnx'));
  const b = readModel(pytorchFixture('resnet-folded-aux.onnx'));
  // The hazard: the same generated name, another tensor.
  assert.deepEqual(initializer(a, 'onnx::Conv_84').dims, [8, 8, 3, 3]);
  assert.deepEqual(initializer(b, 'onnx::Conv_84').dims, [8]);

  const layersA = extractLayers(a);
  const layersB = extractLayers(b);
  const m = matchLayers(layersA, layersB, {
    shapesA: initializerShapes(a),
    shapesB: initializerShapes(b),
    labelA: 'resnet-folded.onnx',
    labelB: 'resnet-folded-aux.onnx',
  });
  assert.deepEqual(
    m.pairs.map((p) => [p.a.name, p.b.name, p.by]),
    layersA.map((l) => [l.name, l.name, l.op === 'Gemm' ? 'name' : 'structure']),
  );
  assert.deepEqual([m.unmatchedA, m.unmatchedB, m.unmatchedTensorsA, m.unmatchedTensorsB], [[], [], [], []]);
  const layer1conv1 = m.pairs[1]!;
  assert.deepEqual(layer1conv1.tensors, [
    { a: 'onnx::Conv_84', b: 'onnx::Conv_86' },
    { a: 'onnx::Conv_82', b: 'onnx::Conv_84' },
  ]);
  // Same weights were exported twice: every paired tensor holds identical values.
  for (const pair of m.pairs) {
    for (const t of pair.tensors) {
      assert.deepEqual(initializer(a, t.a).data, initializer(b, t.b).data, `${t.a} <-> ${t.b}`);
    }
  }
});

test('BN-kept vs folded EfficientNet: stem by structure, named SE convs and fc by name, the rest unmatched', () => {
  const kept = extractLayers(readModel(pytorchFixture('effnet.onnx')));
  const folded = extractLayers(readModel(pytorchFixture('effnet-folded.onnx')));
  const m = matchLayers(folded, kept);
  // The stem conv sits at index 0 in both graphs with the same shape: structure pairs it. Everything after the
  // first BatchNormalization node has another topological position, so only names can pair it.
  const seConvs = [0, 1, 2].flatMap((i) => [`blocks.${i}.se.fc1.weight`, `blocks.${i}.se.fc2.weight`]);
  assert.deepEqual(m.pairs.map((p) => [p.a.weight, p.b.weight, p.by]), [
    ['onnx::Conv_146', 'stem.weight', 'structure'],
    ...seConvs.map((w) => [w, w, 'name']),
    ['fc.weight', 'fc.weight', 'name'],
  ]);
  assert.equal(m.unmatchedA.length, 18 - 8);
  assert.equal(m.unmatchedB.length, 29 - 8);
  assert.ok(m.unmatchedTensorsA.every((name) => name.startsWith('onnx::Conv_')));
  assert.ok(m.unmatchedTensorsB.includes('blocks.0.bn0.bias'));
});
