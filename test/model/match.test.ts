import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { extractLayers } from '../../src/model/layers.js';
import { initializerShapes, isGeneratedName, matchLayers } from '../../src/model/match.js';
import type { Model } from '../../src/onnx/types.js';
import { GraphBuilder } from './graph-builder.js';

/** conv -> conv -> gemm, with the initializer names given (weight, bias per layer). */
function chain(names: string[], firstOut = 4, extraFirst = false): Model {
  const b = new GraphBuilder();
  let x = b.input('x');
  if (extraFirst) x = b.node('Relu', [x]);
  x = b.node('Conv', [x, b.init(names[0]!, [firstOut, 3, 3, 3]), b.init(names[1]!, [firstOut])], { name: 'c1' });
  x = b.node('Conv', [x, b.init(names[2]!, [8, firstOut, 3, 3]), b.init(names[3]!, [8])], { name: 'c2' });
  b.node('Gemm', [x, b.init(names[4]!, [10, 8]), b.init(names[5]!, [10])], { name: 'fc' });
  return b.model();
}

const plain = ['c1.w', 'c1.b', 'c2.w', 'c2.b', 'fc.w', 'fc.b'];

function summary(m: ReturnType<typeof matchLayers>): Array<[string, string, string]> {
  return m.pairs.map((p) => [p.a.name, p.b.name, p.by]);
}

test('identical exports match by name, tensors pair weight then extras', () => {
  const a = extractLayers(chain(plain));
  const m = matchLayers(a, extractLayers(chain(plain)));
  assert.deepEqual(summary(m), [['c1', 'c1', 'name'], ['c2', 'c2', 'name'], ['fc', 'fc', 'name']]);
  assert.deepEqual(m.pairs[0]!.tensors, [{ a: 'c1.w', b: 'c1.w' }, { a: 'c1.b', b: 'c1.b' }]);
  assert.deepEqual([m.unmatchedA, m.unmatchedB, m.unmatchedTensorsA, m.unmatchedTensorsB], [[], [], [], []]);
});

test('renamed tensors at the same structural position match by structure', () => {
  const renamed = ['onnx::Conv_7', 'onnx::Conv_8', 'onnx::Conv_10', 'onnx::Conv_11', 'fc.w', 'fc.b'];
  const shifted = ['onnx::Conv_9', 'onnx::Conv_10', 'onnx::Conv_12', 'onnx::Conv_13', 'fc.w', 'fc.b'];
  const m = matchLayers(extractLayers(chain(renamed)), extractLayers(chain(shifted)));
  assert.deepEqual(summary(m), [['c1', 'c1', 'structure'], ['c2', 'c2', 'structure'], ['fc', 'fc', 'name']]);
  assert.deepEqual(m.pairs[1]!.tensors, [
    { a: 'onnx::Conv_10', b: 'onnx::Conv_12' },
    { a: 'onnx::Conv_11', b: 'onnx::Conv_13' },
  ]);
});

test('a generated name reused for a tensor of another shape is no error and no name match', () => {
  // 'onnx::Conv_10' is c2's weight [8,4,3,3] in a but c1's weight [4,3,3,3] in b: a name match would be wrong.
  const a = extractLayers(chain(['onnx::Conv_9', 'onnx::Conv_3', 'onnx::Conv_10', 'onnx::Conv_4', 'f', 'g']));
  const b = extractLayers(chain(['onnx::Conv_10', 'onnx::Conv_5', 'onnx::Conv_12', 'onnx::Conv_6', 'f', 'g']));
  const m = matchLayers(a, b);
  assert.deepEqual(summary(m), [['c1', 'c1', 'structure'], ['c2', 'c2', 'structure'], ['fc', 'fc', 'name']]);
  assert.equal(m.pairs[1]!.b.weight, 'onnx::Conv_12');
});

test('generated names still pair when structure moved but the name and shape agree', () => {
  const names = ['onnx::Conv_1', 'onnx::Conv_2', 'onnx::Conv_3', 'onnx::Conv_4', 'fc.w', 'fc.b'];
  const m = matchLayers(extractLayers(chain(names)), extractLayers(chain(names, 4, true)));
  assert.deepEqual(summary(m), [['c1', 'c1', 'name'], ['c2', 'c2', 'name'], ['fc', 'fc', 'name']]);
  assert.notEqual(m.pairs[0]!.a.structuralKey, m.pairs[0]!.b.structuralKey);
});

test('names and structure both differing leave layers and their tensors unmatched', () => {
  const other = ['x1', 'x2', 'x3', 'x4', 'fc.w', 'fc.b'];
  const m = matchLayers(extractLayers(chain(plain)), extractLayers(chain(other, 4, true)));
  assert.deepEqual(summary(m), [['fc', 'fc', 'name']]);
  assert.deepEqual(m.unmatchedA.map((l) => l.weight), ['c1.w', 'c2.w']);
  assert.deepEqual(m.unmatchedB.map((l) => l.weight), ['x1', 'x3']);
  assert.deepEqual(m.unmatchedTensorsA, ['c1.w', 'c1.b', 'c2.w', 'c2.b']);
  assert.deepEqual(m.unmatchedTensorsB, ['x1', 'x2', 'x3', 'x4']);
});

test('a same-named tensor whose shape changed is an InputError naming it and the checkpoints', () => {
  const a = extractLayers(chain(plain, 4));
  const b = extractLayers(chain(plain, 6));
  assert.throws(
    () => matchLayers(a, b, { labelA: 'epoch-000.onnx', labelB: 'epoch-001.onnx' }),
    (e: unknown) =>
      e instanceof InputError &&
      e.message.includes("'c1.w'") &&
      e.message.includes('[4, 3, 3, 3] in epoch-000.onnx') &&
      e.message.includes('[6, 3, 3, 3] in epoch-001.onnx'),
  );
});

test('extras are shape-checked when shapes are given', () => {
  const modelA = chain(plain);
  const modelB = chain(plain);
  const fcBias = modelB.graph.initializers.find((t) => t.name === 'fc.b')!;
  fcBias.dims = [12];
  const a = extractLayers(modelA);
  const b = extractLayers(modelB);
  assert.equal(matchLayers(a, b).pairs.length, 3);
  assert.throws(
    () => matchLayers(a, b, { shapesA: initializerShapes(modelA), shapesB: initializerShapes(modelB) }),
    (e: unknown) => e instanceof InputError && e.message.startsWith("tensor 'fc.b' has shape [10]"),
  );
});

test('an extra without a counterpart is listed unmatched', () => {
  const b = new GraphBuilder();
  b.node('Gemm', [b.input('x'), b.init('w', [2, 3])], { name: 'fc' });
  const withBias = chainOfOne(true);
  const m = matchLayers(extractLayers(withBias), extractLayers(b.model()));
  assert.deepEqual(m.pairs[0]!.tensors, [{ a: 'w', b: 'w' }]);
  assert.deepEqual(m.unmatchedTensorsA, ['bias']);
  assert.deepEqual(m.unmatchedTensorsB, []);
});

function chainOfOne(bias: boolean): Model {
  const b = new GraphBuilder();
  const inputs = [b.input('x'), b.init('w', [2, 3])];
  if (bias) inputs.push(b.init('bias', [2]));
  b.node('Gemm', inputs, { name: 'fc' });
  return b.model();
}

test('layers sharing one initializer pair in order', () => {
  const build = (): Model => {
    const b = new GraphBuilder();
    const w = b.init('shared', [8, 8]);
    const h = b.node('MatMul', [b.input('x'), w], { name: 'first' });
    b.node('MatMul', [h, w], { name: 'second' });
    return b.model();
  };
  const m = matchLayers(extractLayers(build()), extractLayers(build()));
  assert.deepEqual(summary(m), [['first', 'first', 'name'], ['second', 'second', 'name']]);
});

test('isGeneratedName recognises the exporter prefix only', () => {
  assert.equal(isGeneratedName('onnx::Conv_123'), true);
  assert.equal(isGeneratedName('onnx::MatMul_9'), true);
  assert.equal(isGeneratedName('conv1.weight'), false);
  assert.equal(isGeneratedName('model.onnx::x'), false);
});
