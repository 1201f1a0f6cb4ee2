import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractLayers } from '../../src/model/layers.js';
import { readModel } from '../../src/onnx/read.js';
import { compressSegments, displayNames } from '../../src/report/display-names.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/pytorch/', import.meta.url));

test('the issue example: repeated path segments compressed, op type and a lone index dropped', () => {
  const names = displayNames([
    { name: '/features/features.5/features.5.0/block/block.1/block.1.0/Conv' },
    { name: '/features/features.5/features.5.0/block/block.2/fc1/Conv' },
    { name: '/features/features.5/features.5.1/block/block.1/block.1.0/Conv' },
    { name: '/classifier/classifier.1/Gemm' },
  ]);
  assert.deepEqual(names, ['features.5.0 block.1', 'features.5.0 block.2 fc1', 'features.5.1 block.1', 'classifier']);
});

test('compressSegments keeps the most specific of a chain of dotted segments', () => {
  assert.deepEqual(compressSegments(['a', 'a.1', 'a.1.0', 'b', 'c', 'c.2']), ['a.1.0', 'b', 'c.2']);
  assert.deepEqual(compressSegments(['ab', 'abc']), ['ab', 'abc'], 'only a "." extension counts');
});

test('shared leading segments are dropped; names that would collide are not shortened that far', () => {
  assert.deepEqual(
    displayNames([{ name: '/model/enc/Conv' }, { name: '/model/dec/Conv' }]),
    ['enc', 'dec'],
  );
  // Dropping the op would make the two names equal: the op segment stays.
  assert.deepEqual(
    displayNames([{ name: '/m/x/Conv' }, { name: '/m/x/MatMul' }]),
    ['Conv', 'MatMul'],
  );
  assert.deepEqual(displayNames([{ name: 'conv1' }, { name: 'fc1' }]), ['conv1', 'fc1'], 'plain names stay');
  assert.deepEqual(displayNames([{ name: '/only/Conv' }]), ['only']);
});

test('real PyTorch exports: every display name is distinct and shorter than the layer name', () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.onnx'));
  assert.ok(files.length >= 5);
  for (const file of files) {
    const layers = extractLayers(readModel(join(fixtures, file)));
    const names = displayNames(layers);
    assert.equal(new Set(names).size, names.length, `${file}: ${names.join(' | ')}`);
    names.forEach((n, i) => assert.ok(n.length > 0 && n.length < layers[i].name.length, `${file}: ${layers[i].name} -> ${n}`));
  }
});

test('hand-checked names of the EfficientNet and ResNet fixtures', () => {
  const short = (file: string) => {
    const layers = extractLayers(readModel(join(fixtures, file)));
    return new Map(layers.map((l, i) => [l.name, displayNames(layers)[i]]));
  };
  const effnet = short('effnet.onnx');
  assert.equal(effnet.get('/blocks/blocks.1/se/fc1/Conv'), 'blocks.1 se fc1');
  assert.equal(effnet.get('/stem_bn/BatchNormalization'), 'stem_bn');
  assert.equal(effnet.get('/fc/Gemm'), 'fc');
  // downsample.0 (conv) has a sibling downsample.1 (BN) only when BN is not folded.
  assert.equal(short('resnet-bn.onnx').get('/layer2/downsample/downsample.0/Conv'), 'layer2 downsample.0');
  assert.equal(short('resnet-folded.onnx').get('/layer2/downsample/downsample.0/Conv'), 'layer2 downsample');
});
