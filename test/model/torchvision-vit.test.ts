/**
 * torchvision's vit_b_16 architecture shrunk (fixtures/pytorch-exports/vit_tiny.onnx, opset 17, weight-stripped):
 * nn.MultiheadAttention exports its packed in_proj as Transpose -> MatMul -> Add(bias) and three Slices whose
 * bounds are computed from the Shape (k * E for k = 0..3). Expected from torchvision's module names: conv_proj,
 * class_token, pos_embedding, per encoder_layer_N: ln_1, self_attention.in_proj (q|k|v rows of [3E, E]), out_proj,
 * ln_2, mlp.0 (GELU after it), mlp.3; encoder.ln; heads.head.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { extractLayers } from '../../src/model/layers.js';
import { readModel } from '../../src/onnx/read.js';
import { DataType } from '../../src/onnx/types.js';

const FILE = fileURLToPath(new URL('../../../fixtures/pytorch-exports/vit_tiny.onnx', import.meta.url));

test('torchvision ViT: roles, blocks and the q/k/v rows of in_proj_weight', () => {
  const model = readModel(FILE);
  const [image, ...weights] = model.graph.inputs;
  for (const w of weights) {
    const dims = w.shape as number[];
    model.graph.initializers.push({ name: w.name, dataType: DataType.FLOAT, dims, data: new Float32Array(dims.reduce((p, d) => p * d, 1)) });
  }
  model.graph.inputs = [image!];
  const layers = extractLayers(model);
  const block = (i: number): Array<[string, string, number | null]> => {
    const p = `encoder.layers.encoder_layer_${i}`;
    return [
      [`${p}.ln_1.weight`, 'norm', i],
      [`${p}.self_attention.in_proj_weight`, 'attention_qkv', i],
      [`${p}.self_attention.out_proj.weight`, 'attention_output', i],
      [`${p}.ln_2.weight`, 'norm', i],
      [`${p}.mlp.0.weight`, 'mlp_up', i],
      [`${p}.mlp.3.weight`, 'mlp_down', i],
    ];
  };
  assert.deepEqual(layers.map((l) => [l.weight, l.primitive, l.block]), [
    ['conv_proj.weight', 'conv', null],
    ['class_token', 'special_token', null],
    ['encoder.pos_embedding', 'position_embedding', null],
    ...block(0),
    ...block(1),
    ['encoder.ln.weight', 'norm', null],
    ['heads.head.weight', 'linear', null],
  ]);
  const qkv = layers.find((l) => l.primitive === 'attention_qkv')!;
  const [e3, e] = qkv.shape as [number, number];
  assert.equal(e3, 3 * e);
  assert.deepEqual(
    qkv.parts!.map((p) => [p.part, p.weight.map((r) => [r.start, r.count]), p.extras.map((r) => [r.start, r.count])]),
    [0, 1, 2].map((i) => [['q', 'k', 'v'][i], [[i * e * e, e * e]], [[i * e, e]]]),
  );
});
