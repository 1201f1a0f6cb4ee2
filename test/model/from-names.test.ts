import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layersFromNames, naturalCompare } from '../../src/model/from-names.js';
import type { Layer } from '../../src/model/types.js';

/** [name, dtype, shape] in state_dict order, written by scripts/make-safetensors-fixtures.py from real modules. */
function nameList(model: string): [string, string, number[]][] {
  const file = fileURLToPath(new URL(`../../../fixtures/safetensors/names/${model}.json`, import.meta.url));
  return JSON.parse(fs.readFileSync(file, 'utf8')).tensors;
}

/** What the safetensors index keeps: weight dtypes only. */
function weights(list: [string, string, number[]][]): Map<string, { shape: number[] }> {
  return new Map(list.filter(([, dt]) => ['F32', 'F16', 'BF16', 'F64'].includes(dt)).map(([n, , shape]) => [n, { shape }]));
}

function counts(layers: Layer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of layers) out[l.primitive] = (out[l.primitive] ?? 0) + 1;
  return out;
}

function byName(layers: Layer[]): Map<string, Layer> {
  return new Map(layers.map((l) => [l.name, l]));
}

test('torchvision resnet18 state_dict: 17 conv, 3 downsample projections, 20 norms, 1 linear; 11,689,512 parameters', () => {
  const list = nameList('resnet18-torchvision');
  const layers = layersFromNames({ tensors: weights(list), order: list.map(([n]) => n) });
  // resnet18: stem 7x7 + 8 basic blocks x two 3x3 = 17 convs; layer2..4 open with a 1x1 downsample + BatchNorm.
  assert.deepEqual(counts(layers), { conv: 17, norm: 20, pointwise_project: 3, linear: 1 });
  // torchvision's documented parameter count of resnet18 (weights + biases + BN affine, no running stats).
  assert.equal(layers.reduce((s, l) => s + l.paramsAll, 0), 11_689_512);
  assert.deepEqual(layers.slice(0, 3).map((l) => l.name), ['conv1', 'bn1', 'layer1.0.conv1']);
  assert.equal(layers.at(-1)!.name, 'fc');
  const m = byName(layers);
  assert.deepEqual(m.get('layer2.0.downsample.0')!.shape, [128, 64, 1, 1]);
  assert.deepEqual(m.get('layer2.0.downsample.1')!.tensors, ['layer2.0.downsample.1.weight', 'layer2.0.downsample.1.bias']);
  assert.deepEqual(m.get('conv1')!.extras, []); // resnet convs have no bias
  assert.equal(m.get('fc')!.paramsAll, 512 * 1000 + 1000);
  assert.equal(m.get('fc')!.op, 'Linear');
  assert.equal(m.get('bn1')!.op, 'Norm');
  layers.forEach((l, i) => {
    assert.equal(l.depth, i);
    assert.equal(l.index, i);
    assert.equal(l.structuralKey, `safetensors:${l.weight}`);
  });
});

test('resnet18 without an order: natural sort of names (layer1.0 before layer1.1 before layer2.0)', () => {
  const layers = layersFromNames({ tensors: weights(nameList('resnet18-torchvision')) });
  const names = layers.map((l) => l.name);
  assert.deepEqual(names.slice(0, 4), ['bn1', 'conv1', 'fc', 'layer1.0.bn1']);
  assert.ok(names.indexOf('layer1.1.conv1') < names.indexOf('layer2.0.conv1'));
  assert.ok(names.indexOf('layer2.0.downsample.0') < names.indexOf('layer2.1.bn1'));
  assert.deepEqual(counts(layers), { conv: 17, norm: 20, pointwise_project: 3, linear: 1 });
});

test('timm-style EfficientNet-B0 in state_dict order: 16 depthwise, 16 SE pairs, expand/project by name; 5,288,548 parameters', () => {
  const list = nameList('efficientnet-b0-timm');
  const layers = layersFromNames({ tensors: weights(list), order: list.map(([n]) => n) });
  // B0: 16 blocks, each with one depthwise conv and one SE (conv_reduce, conv_expand); 15 inverted residuals have
  // conv_pw (expand) and conv_pwl (project); the first, depthwise-separable block's conv_pw is named like an expand
  // (DESIGN: name first); conv_head is a 1x1 320 -> 1280 (expand by shape); 49 BatchNorms.
  assert.deepEqual(counts(layers), {
    conv: 1,
    norm: 49,
    depthwise: 16,
    se_reduce: 16,
    se_expand: 16,
    pointwise_expand: 17,
    pointwise_project: 15,
    linear: 1,
  });
  assert.equal(layers.reduce((s, l) => s + l.paramsAll, 0), 5_288_548); // timm / torchvision efficientnet_b0
  const m = byName(layers);
  assert.equal(m.get('conv_stem')!.depth, 0);
  assert.equal(m.get('blocks.0.0.conv_dw')!.primitive, 'depthwise');
  assert.equal(m.get('blocks.1.0.se.conv_reduce')!.primitive, 'se_reduce');
  assert.deepEqual(m.get('blocks.1.0.se.conv_reduce')!.extras, ['blocks.1.0.se.conv_reduce.bias']);
  assert.equal(m.get('blocks.1.0.se.conv_expand')!.primitive, 'se_expand');
  assert.equal(m.get('blocks.1.0.conv_pwl')!.primitive, 'pointwise_project');
  assert.equal(m.get('conv_head')!.primitive, 'pointwise_expand');
  assert.equal(m.get('classifier')!.primitive, 'linear');
});

test('EfficientNet-B0 without an order: natural sort puts blocks before conv_stem, so the first depthwise conv counts as the stem', () => {
  // The documented limit of depth order by name: the "first conv is not depthwise" exception hits blocks.0.0.conv_dw.
  const layers = layersFromNames({ tensors: weights(nameList('efficientnet-b0-timm')) });
  const m = byName(layers);
  assert.equal(m.get('blocks.0.0.conv_dw')!.primitive, 'conv');
  assert.equal(m.get('blocks.1.0.conv_dw')!.primitive, 'depthwise');
  assert.equal(counts(layers).depthwise, 15);
  assert.equal(layers.at(-1)!.name, 'conv_stem');
});

test('HF Llama-style decoder: embedding, 7 linear per block, RMSNorm weights (no bias) are norms; parameter total', () => {
  const list = nameList('llama-hf');
  const layers = layersFromNames({ tensors: weights(list), order: list.map(([n]) => n) });
  assert.deepEqual(counts(layers), { embedding: 1, linear: 12 * 7 + 1, norm: 12 * 2 + 1 });
  // vocab 100, hidden 64, 4 heads (dim 16) with 2 KV heads, intermediate 172, 12 layers, untied lm_head.
  const [v, h, kv, inter] = [100, 64, 2 * 16, 172];
  assert.equal(layers.reduce((s, l) => s + l.paramsAll, 0), 2 * v * h + 12 * (2 * h * h + 2 * kv * h + 3 * inter * h + 2 * h) + h);
  assert.equal(layers[0]!.name, 'model.embed_tokens');
  assert.equal(layers[0]!.op, 'Embedding');
  assert.equal(layers.at(-1)!.name, 'lm_head');
  const m = byName(layers);
  assert.equal(m.get('model.layers.3.mlp.up_proj')!.primitive, 'linear');
  assert.ok(m.get('model.layers.9.mlp.down_proj')!.depth < m.get('model.layers.10.self_attn.q_proj')!.depth);
});

test('an order sorted by name (what the HF writer stores) carries no depth: natural sort is used instead', () => {
  const list = nameList('llama-hf');
  const sorted = list.map(([n]) => n).sort();
  assert.ok(sorted.indexOf('model.layers.10.mlp.up_proj.weight') < sorted.indexOf('model.layers.9.mlp.up_proj.weight'));
  const layers = layersFromNames({ tensors: weights(list), order: sorted });
  const m = byName(layers);
  assert.ok(m.get('model.layers.9.mlp.up_proj')!.depth < m.get('model.layers.10.mlp.up_proj')!.depth);
  assert.equal(layers[0]!.name, 'lm_head'); // natural sort of names: "lm_head" < "model..."
});

test('names from other exporters: HF EfficientNet SE, SqueezeNet fire, GPT-2 embeddings, a UNet time embedding, Conv1d', () => {
  const t = new Map<string, { shape: number[] }>([
    ['stem.conv.weight', { shape: [8, 3, 3, 3] }],
    ['encoder.blocks.0.squeeze_excite.reduce.weight', { shape: [2, 8, 1, 1] }],
    ['encoder.blocks.0.squeeze_excite.expand.weight', { shape: [8, 2, 1, 1] }],
    ['encoder.blocks.1.projection.project_conv.weight', { shape: [16, 8, 1, 1] }],
    ['features.3.squeeze.weight', { shape: [16, 96, 1, 1] }],
    ['features.3.expand1x1.weight', { shape: [64, 16, 1, 1] }],
    ['features.3.expand3x3.weight', { shape: [64, 16, 3, 3] }],
    ['transformer.wte.weight', { shape: [50, 8] }],
    ['transformer.wpe.weight', { shape: [16, 8] }],
    ['transformer.h.0.ln_1.weight', { shape: [8] }],
    ['transformer.h.0.ln_1.bias', { shape: [8] }],
    ['transformer.h.0.attn.c_attn.weight', { shape: [8, 24] }],
    ['time_embedding.linear_1.weight', { shape: [32, 8] }],
    ['regnet.se.fc1.weight', { shape: [4, 16] }],
    ['regnet.se.fc2.weight', { shape: [16, 4] }],
    ['audio.conv1d.weight', { shape: [8, 1, 5] }],
    ['odd.weight', { shape: [4] }],
    ['odd.proj', { shape: [4, 4] }],
    ['scalar.weight', { shape: [] }],
    ['weight', { shape: [3, 3] }],
    ['base.head.weight', { shape: [4, 4, 1, 1] }],
  ]);
  const m = byName(layersFromNames({ tensors: t }));
  const prim = (n: string) => m.get(n)?.primitive;
  assert.equal(prim('encoder.blocks.0.squeeze_excite.reduce'), 'se_reduce');
  assert.equal(prim('encoder.blocks.0.squeeze_excite.expand'), 'se_expand');
  assert.equal(prim('encoder.blocks.1.projection.project_conv'), 'pointwise_project'); // fewer outputs by shape would say... 16 > 8: expand; the name wins
  assert.equal(prim('features.3.squeeze'), 'pointwise_project'); // SqueezeNet's squeeze is not squeeze-excitation
  assert.equal(prim('features.3.expand1x1'), 'pointwise_expand');
  assert.equal(prim('features.3.expand3x3'), 'conv');
  assert.equal(prim('transformer.wte'), 'embedding');
  assert.equal(prim('transformer.wpe'), 'embedding');
  assert.equal(prim('transformer.h.0.ln_1'), 'norm');
  assert.deepEqual(m.get('transformer.h.0.ln_1')!.extras, ['transformer.h.0.ln_1.bias']);
  assert.equal(prim('transformer.h.0.attn.c_attn'), 'linear');
  assert.equal(prim('time_embedding.linear_1'), 'linear'); // only the last component marks an embedding
  assert.equal(prim('regnet.se.fc1'), 'se_reduce');
  assert.equal(prim('regnet.se.fc2'), 'se_expand');
  assert.equal(prim('audio.conv1d'), 'conv');
  assert.equal(m.get('audio.conv1d')!.op, 'Conv');
  assert.equal(prim('base.head'), 'pointwise_project'); // "base." is no "se." module
  assert.equal(m.has('odd'), false); // rank-1 weight beside a rank-2 tensor
  assert.equal(m.has('scalar'), false);
  assert.equal(prim('weight'), 'linear'); // a top-level weight is named after itself
});

test('stem on one-channel images has the depthwise shape: the first conv in depth order is conv, later ones depthwise', () => {
  const t = new Map<string, { shape: number[] }>([
    ['conv1.weight', { shape: [4, 1, 3, 3] }],
    ['conv_dw.weight', { shape: [4, 1, 3, 3] }],
    ['conv_pw.weight', { shape: [8, 4, 1, 1] }],
    ['one.weight', { shape: [1, 1, 3, 3] }],
  ]);
  const m = byName(layersFromNames({ tensors: t, order: ['conv1.weight', 'conv_dw.weight', 'conv_pw.weight', 'one.weight'] }));
  assert.equal(m.get('conv1')!.primitive, 'conv');
  assert.equal(m.get('conv_dw')!.primitive, 'depthwise');
  assert.equal(m.get('conv_pw')!.primitive, 'pointwise_expand');
  assert.equal(m.get('one')!.primitive, 'conv'); // O == 1: not depthwise
  const reversed = byName(layersFromNames({ tensors: t, order: ['conv_dw.weight', 'conv1.weight', 'conv_pw.weight', 'one.weight'] }));
  assert.equal(reversed.get('conv_dw')!.primitive, 'conv');
  assert.equal(reversed.get('conv1')!.primitive, 'depthwise');
});

test('naturalCompare: numbers by value, digits before other text, then length of equal numbers', () => {
  const names = ['layers.10.w', 'layers.9.w', 'layers.1.w', 'layers.01.w', 'conv_dw', 'conv1', 'conv', 'a2b10', 'a2b9'];
  assert.deepEqual([...names].sort(naturalCompare), [
    'a2b9',
    'a2b10',
    'conv',
    'conv1',
    'conv_dw',
    'layers.1.w',
    'layers.01.w',
    'layers.9.w',
    'layers.10.w',
  ]);
});
