/**
 * Tiny EfficientNet export (scripts/make_pytorch_fixtures.py): stem conv3x3 + BN + SiLU; three MBConv blocks
 * (8->8 s1 residual, 8->16 s2, 16->16 s1 residual; expand ratio 4); head 1x1 conv + BN + SiLU; GAP; fc.
 *
 * Hand derivation, per MBConv block: 1x1 expand (BN, then SiLU = Sigmoid+Mul) = pointwise_expand; depthwise 3x3
 * (group = channels, weight [C,1,3,3]) = depthwise; SE fc1 1x1 after GlobalAveragePool, SiLU, into fc2 = se_reduce;
 * SE fc2 1x1 -> Sigmoid -> Mul with the depthwise branch = se_expand; 1x1 project (BN, then Add or the next block,
 * no activation) = pointwise_project; bn0, bn1, bn2 = 3 norm.
 * Whole net: stem conv = 1 conv, its BN = 1 norm; 3 blocks; head 1x1 with BN + SiLU = 1 more pointwise_expand and
 * 1 norm; fc = 1 linear.
 *   BN kept: conv 1, depthwise 3, se_reduce 3, se_expand 3, pointwise_expand 4, pointwise_project 3, linear 1,
 *            norm 11 = 29 layers.
 *   folded:  the same without the 11 norms = 18 layers (the activation rule does not need the BN).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLayers } from '../../src/model/layers.js';
import { primitiveTotals } from '../../src/model/totals.js';
import { readModel } from '../../src/onnx/read.js';
import { pytorchFixture } from './fixture-path.js';

function block(i: number, bn: boolean): Array<[string, string]> {
  const p = `/blocks/blocks.${i}`;
  const norm = (name: string): Array<[string, string]> => (bn ? [[`${p}/${name}/BatchNormalization`, 'norm']] : []);
  return [
    [`${p}/expand/Conv`, 'pointwise_expand'],
    ...norm('bn0'),
    [`${p}/depthwise/Conv`, 'depthwise'],
    ...norm('bn1'),
    [`${p}/se/fc1/Conv`, 'se_reduce'],
    [`${p}/se/fc2/Conv`, 'se_expand'],
    [`${p}/project/Conv`, 'pointwise_project'],
    ...norm('bn2'),
  ];
}

function expectedLayers(bn: boolean): Array<[string, string]> {
  const norm = (name: string): Array<[string, string]> => (bn ? [[name, 'norm']] : []);
  return [
    ['/stem/Conv', 'conv'],
    ...norm('/stem_bn/BatchNormalization'),
    ...block(0, bn),
    ...block(1, bn),
    ...block(2, bn),
    ['/head/Conv', 'pointwise_expand'],
    ...norm('/head_bn/BatchNormalization'),
    ['/fc/Gemm', 'linear'],
  ];
}

test('effnet.onnx (BatchNorm kept): every layer in order with its primitive', () => {
  const layers = extractLayers(readModel(pytorchFixture('effnet.onnx')));
  assert.deepEqual(layers.map((l) => [l.name, l.primitive]), expectedLayers(true));
  assert.deepEqual(primitiveTotals(layers).map((t) => [t.primitive, t.layers, t.params]), [
    ['conv', 1, 216],
    ['depthwise', 3, 32 * 9 + 32 * 9 + 64 * 9],
    ['se_reduce', 3, 2 * 32 + 2 * 32 + 4 * 64],
    ['se_expand', 3, 32 * 2 + 32 * 2 + 64 * 4],
    ['pointwise_expand', 4, 32 * 8 + 32 * 8 + 64 * 16 + 64 * 16],
    ['pointwise_project', 3, 8 * 32 + 16 * 32 + 16 * 64],
    ['linear', 1, 640],
    ['norm', 11, 8 + (32 + 32 + 8) + (32 + 32 + 16) + (64 + 64 + 16) + 64],
  ]);
  const dw = layers.find((l) => l.name === '/blocks/blocks.2/depthwise/Conv')!;
  assert.deepEqual([dw.weight, dw.shape, dw.extras], ['blocks.2.depthwise.weight', [64, 1, 3, 3], []]);
  const seReduce = layers.find((l) => l.primitive === 'se_reduce')!;
  assert.deepEqual(seReduce.tensors, ['blocks.0.se.fc1.weight', 'blocks.0.se.fc1.bias']);
  assert.equal(seReduce.paramsAll, 66);
});

test('effnet-folded.onnx: the same primitives without the norms; SE convs keep their names', () => {
  const layers = extractLayers(readModel(pytorchFixture('effnet-folded.onnx')));
  assert.deepEqual(layers.map((l) => [l.name, l.primitive]), expectedLayers(false));
  assert.deepEqual(
    layers.filter((l) => !/^onnx::Conv_\d+$/.test(l.weight)).map((l) => l.weight),
    [0, 1, 2].flatMap((i) => [`blocks.${i}.se.fc1.weight`, `blocks.${i}.se.fc2.weight`]).concat('fc.weight'),
  );
  assert.ok(layers.filter((l) => l.op === 'Conv' && !l.weight.includes('.se.')).every((l) => l.extras.length === 1));
});
