import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layersFromNames, naturalCompare } from '../../src/model/from-names.js';
import type { Layer } from '../../src/model/types.js';
import type { ModelConfig } from '../../src/checkpoint/types.js';

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

test('HF Llama-style decoder: embedding, 7 roles per block, RMSNorm weights (no bias) are norms; parameter total', () => {
  const list = nameList('llama-hf');
  const layers = layersFromNames({ tensors: weights(list), order: list.map(([n]) => n) });
  const perBlock = ['attention_query', 'attention_key', 'attention_value', 'attention_output', 'mlp_gate', 'mlp_up', 'mlp_down'];
  assert.deepEqual(counts(layers), { embedding: 1, linear: 1, norm: 12 * 2 + 1, ...Object.fromEntries(perBlock.map((p) => [p, 12])) });
  // vocab 100, hidden 64, 4 heads (dim 16) with 2 KV heads, intermediate 172, 12 layers, untied lm_head.
  const [v, h, kv, inter] = [100, 64, 2 * 16, 172];
  assert.equal(layers.reduce((s, l) => s + l.paramsAll, 0), 2 * v * h + 12 * (2 * h * h + 2 * kv * h + 3 * inter * h + 2 * h) + h);
  assert.equal(layers[0]!.name, 'model.embed_tokens');
  assert.equal(layers[0]!.op, 'Embedding');
  assert.equal(layers.at(-1)!.name, 'lm_head');
  const m = byName(layers);
  assert.equal(m.get('model.layers.3.mlp.up_proj')!.primitive, 'mlp_up');
  assert.equal(m.get('model.layers.3.mlp.up_proj')!.block, 3);
  assert.ok(m.get('model.layers.9.mlp.down_proj')!.depth < m.get('model.layers.10.self_attn.q_proj')!.depth);
});

test('an order sorted by name (what the HF writer stores) carries no depth: the order comes from blocks and roles', () => {
  const list = nameList('llama-hf');
  const sorted = list.map(([n]) => n).sort();
  assert.ok(sorted.indexOf('model.layers.10.mlp.up_proj.weight') < sorted.indexOf('model.layers.9.mlp.up_proj.weight'));
  const layers = layersFromNames({ tensors: weights(list), order: sorted });
  const m = byName(layers);
  assert.ok(m.get('model.layers.9.mlp.up_proj')!.depth < m.get('model.layers.10.mlp.up_proj')!.depth);
  // Sorted by name, lm_head came first and mlp.down_proj before self_attn.q_proj (issue 22 section 3).
  assert.equal(layers[0]!.name, 'model.embed_tokens');
  assert.deepEqual(layers.slice(1, 11).map((l) => l.name.replace('model.layers.0.', '')), [
    'input_layernorm', 'self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj', 'self_attn.o_proj',
    'post_attention_layernorm', 'mlp.gate_proj', 'mlp.up_proj', 'mlp.down_proj', 'model.layers.1.input_layernorm',
  ]);
  assert.deepEqual(layers.slice(-2).map((l) => l.name), ['model.norm', 'lm_head']);
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
  assert.equal(prim('transformer.wpe'), 'position_embedding');
  assert.equal(prim('transformer.h.0.ln_1'), 'norm');
  assert.deepEqual(m.get('transformer.h.0.ln_1')!.extras, ['transformer.h.0.ln_1.bias']);
  assert.equal(prim('transformer.h.0.attn.c_attn'), 'attention_qkv');
  assert.equal(prim('odd.proj'), 'param'); // a tensor no rule claims is a layer of its own
  assert.equal(prim('odd.weight'), 'param');
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

/** A family's name list (scripts/make-family-fixtures.py): names and shapes as the family's modules write them. */
function family(name: string): { tensors: Map<string, { shape: number[] }>; config?: ModelConfig; names: string[] } {
  const file = fileURLToPath(new URL(`../../../fixtures/safetensors/families/${name}.json`, import.meta.url));
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { config: Record<string, unknown> | null; tensors: [string, string, number[]][] };
  const c = json.config;
  const config: ModelConfig | undefined = c
    ? {
        ...(typeof c['model_type'] === 'string' ? { modelType: c['model_type'] } : {}),
        ...(typeof (c['num_attention_heads'] ?? c['n_head']) === 'number' ? { numAttentionHeads: (c['num_attention_heads'] ?? c['n_head']) as number } : {}),
        ...(typeof c['tie_word_embeddings'] === 'boolean' ? { tieWordEmbeddings: c['tie_word_embeddings'] } : {}),
      }
    : undefined;
  return { tensors: weights(json.tensors), config, names: json.tensors.map(([n]) => n) };
}

const roles = (layers: Layer[]) => Object.fromEntries(layers.map((l) => [l.name, l.primitive]));

/** Every tensor of more than one element is in exactly one layer (coverage 100%); size-1 tensors are in none. */
function assertCovered(layers: Layer[], tensors: Map<string, { shape: number[] }>): void {
  const owner = new Map<string, string>();
  for (const l of layers) for (const t of l.tensors) {
    assert.ok(!owner.has(t), `${t} in ${owner.get(t)} and ${l.name}`);
    owner.set(t, l.name);
  }
  for (const [name, { shape }] of tensors) {
    if (shape.reduce((p, d) => p * d, 1) > 1) assert.ok(owner.has(name), `${name} is in no layer`);
  }
}

test('Llama: q/k/v/o, gate/up/down by name, blocks from layers.N, untied head last; every tensor covered', () => {
  const f = family('llama');
  const layers = layersFromNames(f);
  assertCovered(layers, f.tensors);
  const r = roles(layers);
  const p = 'model.layers.1.';
  assert.deepEqual([r[`${p}self_attn.q_proj`], r[`${p}self_attn.k_proj`], r[`${p}self_attn.v_proj`], r[`${p}self_attn.o_proj`]],
    ['attention_query', 'attention_key', 'attention_value', 'attention_output']);
  assert.deepEqual([r[`${p}mlp.gate_proj`], r[`${p}mlp.up_proj`], r[`${p}mlp.down_proj`]], ['mlp_gate', 'mlp_up', 'mlp_down']);
  assert.equal(r['model.embed_tokens'], 'embedding');
  assert.equal(r['lm_head'], 'linear');
  assert.equal(byName(layers).get('model.embed_tokens')!.tiedWith, undefined); // tie_word_embeddings: false
  assert.deepEqual(layers.map((l) => l.block ?? null), [null, ...Array(9).fill(0), ...Array(9).fill(1), null, null]);
  assert.deepEqual(layers.slice(-2).map((l) => l.name), ['model.norm', 'lm_head']);
});

test('Qwen2 with tie_word_embeddings and no lm_head: the embedding is one layer tied with lm_head; q/k/v biases are extras', () => {
  const f = family('qwen2');
  const layers = layersFromNames(f);
  assertCovered(layers, f.tensors);
  const m = byName(layers);
  assert.equal(m.get('model.embed_tokens')!.tiedWith, 'lm_head');
  assert.deepEqual(m.get('model.layers.0.self_attn.k_proj')!.extras, ['model.layers.0.self_attn.k_proj.bias']);
  assert.equal(layers.filter((l) => l.tiedWith).length, 1);
  // the same family untied by its config: no tie
  assert.equal(layersFromNames({ ...f, config: { ...f.config, tieWordEmbeddings: false } })[0]!.tiedWith, undefined);
});

test('an lm_head stored in the embedding\'s own bytes is the same layer: one embedding, tiedWith lm_head', () => {
  const storage = { kind: 'file', path: '/x.safetensors', offset: 8, bytes: 64 };
  const tensors = new Map<string, { shape: number[]; storage: unknown }>([
    ['model.embed_tokens.weight', { shape: [4, 4], storage }],
    ['model.layers.0.self_attn.q_proj.weight', { shape: [4, 4], storage: { ...storage, offset: 72 } }],
    ['lm_head.weight', { shape: [4, 4], storage: { ...storage } }],
  ]);
  const layers = layersFromNames({ tensors });
  assert.deepEqual(layers.map((l) => [l.name, l.tiedWith]), [['model.embed_tokens', 'lm_head'], ['model.layers.0.self_attn.q_proj', undefined]]);
  tensors.set('lm_head.weight', { shape: [4, 4], storage: { ...storage, offset: 200 } });
  assert.deepEqual(layersFromNames({ tensors }).map((l) => l.name), ['model.embed_tokens', 'model.layers.0.self_attn.q_proj', 'lm_head']);
});

test('GPT-2: c_attn is attention_qkv with column parts (Conv1D [in, 3d]), c_proj by parent, wpe a position table, the mask buffer a param', () => {
  const f = family('gpt2');
  const layers = layersFromNames(f);
  assertCovered(layers, f.tensors);
  const r = roles(layers);
  const h = 'transformer.h.0.';
  assert.deepEqual([r[`${h}attn.c_attn`], r[`${h}attn.c_proj`], r[`${h}mlp.c_fc`], r[`${h}mlp.c_proj`]], ['attention_qkv', 'attention_output', 'mlp_up', 'mlp_down']);
  assert.equal(r['transformer.wte'], 'embedding');
  assert.equal(r['transformer.wpe'], 'position_embedding');
  assert.equal(r[`${h}attn.bias`], 'param');
  assert.equal(byName(layers).get('transformer.wte')!.tiedWith, 'lm_head'); // GPT-2 configs leave tying at its default, true
  const parts = byName(layers).get(`${h}attn.c_attn`)!.parts!;
  const d = 8;
  assert.deepEqual(parts.map((p) => p.part), ['q', 'k', 'v']);
  parts.forEach((p, i) => {
    assert.equal(p.weight.length, d); // one range per row
    assert.deepEqual(p.weight[3], { tensor: `${h}attn.c_attn.weight`, start: 3 * 3 * d + i * d, count: d });
    assert.deepEqual(p.extras, [{ tensor: `${h}attn.c_attn.bias`, start: i * d, count: d }]);
  });
  assert.deepEqual(layers.slice(0, 3).map((l) => l.name), ['transformer.wpe', 'transformer.wte', `${h}ln_1`]);
  assert.deepEqual(layers.slice(-1).map((l) => l.name), ['transformer.ln_f']);
});

test('GPT-NeoX: query_key_value interleaved per head needs num_attention_heads; embed_out is the head, not an embedding', () => {
  const f = family('gpt-neox');
  const layers = layersFromNames(f);
  assertCovered(layers, f.tensors);
  const m = byName(layers);
  const qkv = m.get('gpt_neox.layers.0.attention.query_key_value')!;
  assert.equal(qkv.primitive, 'attention_qkv');
  // [heads=2][3][head_dim=4] rows of 8 columns: k of head 1 starts at row (1*3+1)*4
  assert.deepEqual(qkv.parts![1]!.weight, [{ tensor: qkv.weight, start: 4 * 8, count: 32 }, { tensor: qkv.weight, start: 16 * 8, count: 32 }]);
  assert.equal(m.get('embed_out')!.primitive, 'linear');
  assert.equal(m.get('gpt_neox.layers.0.attention.rotary_emb.inv_freq')!.primitive, 'param');
  assert.equal(layers.at(-1)!.name, 'embed_out');
  const { numAttentionHeads: _, ...noHeads } = f.config!;
  assert.equal(byName(layersFromNames({ ...f, config: noHeads })).get(qkv.name)!.parts, undefined);
});

test('BERT: attention.self.*, attention.output.dense vs output.dense, token-type table an embedding, norms in data-flow order', () => {
  const f = family('bert');
  const layers = layersFromNames(f);
  assertCovered(layers, f.tensors);
  const r = roles(layers);
  const l = 'bert.encoder.layer.1.';
  assert.deepEqual(
    [r[`${l}attention.self.query`], r[`${l}attention.self.key`], r[`${l}attention.self.value`], r[`${l}attention.output.dense`], r[`${l}intermediate.dense`], r[`${l}output.dense`]],
    ['attention_query', 'attention_key', 'attention_value', 'attention_output', 'mlp_up', 'mlp_down'],
  );
  assert.equal(r['bert.embeddings.token_type_embeddings'], 'embedding');
  assert.equal(r['bert.embeddings.position_embeddings'], 'position_embedding');
  assert.equal(byName(layers).get('bert.embeddings.word_embeddings')!.tiedWith, undefined); // a base model: no head to tie
  const block1 = layers.filter((x) => x.block === 1).map((x) => x.name.slice(l.length));
  assert.deepEqual(block1, [
    'attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense', 'attention.output.LayerNorm',
    'intermediate.dense', 'output.dense', 'output.LayerNorm',
  ]);
  assert.equal(layers.at(-1)!.name, 'bert.pooler.dense');
  assert.ok(layers.slice(0, 4).every((x) => x.name.startsWith('bert.embeddings.')));
  assert.equal(layers[4]!.name, 'bert.encoder.layer.0.attention.self.query');
});

test('timm ViT (DeiT-3): cls_token, pos_embed and ls1/ls2.gamma are layers of their own; qkv in row blocks', () => {
  const f = family('vit');
  const layers = layersFromNames(f);
  assertCovered(layers, f.tensors);
  const r = roles(layers);
  assert.equal(r['cls_token'], 'special_token');
  assert.equal(r['pos_embed'], 'position_embedding');
  assert.equal(r['blocks.0.ls1.gamma'], 'layer_scale');
  assert.deepEqual([r['blocks.0.attn.qkv'], r['blocks.0.attn.proj'], r['blocks.0.mlp.fc1'], r['blocks.0.mlp.fc2']], ['attention_qkv', 'attention_output', 'mlp_up', 'mlp_down']);
  assert.deepEqual(byName(layers).get('blocks.0.attn.qkv')!.parts!.map((p) => p.weight), [0, 1, 2].map((i) => [{ tensor: 'blocks.0.attn.qkv.weight', start: i * 64, count: 64 }]));
  assert.deepEqual(layers.filter((x) => x.block === 0).map((x) => x.name.slice('blocks.0.'.length)), ['norm1', 'attn.qkv', 'attn.proj', 'ls1.gamma', 'norm2', 'mlp.fc1', 'mlp.fc2', 'ls2.gamma']);
  assert.deepEqual(layers.slice(-2).map((x) => x.name), ['norm', 'head']);
  assert.ok(layers.slice(0, 3).every((x) => x.block === null && ['special_token', 'position_embedding', 'conv'].includes(x.primitive)));
});

test('T5: SelfAttention/EncDecAttention q/k/v/o, gated wi_0/wi_1/wo; encoder stack before decoder stack, by sub-layer', () => {
  const f = family('t5');
  const layers = layersFromNames(f);
  assertCovered(layers, f.tensors);
  const r = roles(layers);
  const d = 'decoder.block.0.layer.';
  assert.deepEqual([r[`${d}1.EncDecAttention.q`], r[`${d}1.EncDecAttention.o`], r[`${d}2.DenseReluDense.wi_0`], r[`${d}2.DenseReluDense.wi_1`], r[`${d}2.DenseReluDense.wo`]],
    ['attention_query', 'attention_output', 'mlp_gate', 'mlp_up', 'mlp_down']);
  assert.equal(r['encoder.block.0.layer.0.SelfAttention.relative_attention_bias'], 'position_embedding');
  const names = layers.map((x) => x.name);
  assert.equal(names[0], 'shared');
  assert.ok(names.indexOf('encoder.final_layer_norm') < names.indexOf(`${d}0.layer_norm`));
  assert.ok(names.indexOf(`${d}0.SelfAttention.o`) < names.indexOf(`${d}1.layer_norm`));
  assert.ok(names.indexOf(`${d}1.EncDecAttention.o`) < names.indexOf(`${d}2.DenseReluDense.wi_0`));
  assert.deepEqual(names.slice(-2), ['decoder.final_layer_norm', 'lm_head']);
});

test('Falcon, MPT, Phi: fused or split attention by name; Falcon\'s multi-query fused layout gets no parts, MPT\'s Wqkv does', () => {
  const falcon = byName(layersFromNames(family('falcon')));
  assert.equal(falcon.get('transformer.h.0.self_attention.query_key_value')!.primitive, 'attention_qkv');
  assert.equal(falcon.get('transformer.h.0.self_attention.query_key_value')!.parts, undefined);
  assert.equal(falcon.get('transformer.h.0.self_attention.dense')!.primitive, 'attention_output');
  assert.equal(falcon.get('transformer.h.0.mlp.dense_4h_to_h')!.primitive, 'mlp_down');
  assert.equal(falcon.get('transformer.word_embeddings')!.tiedWith, 'lm_head');
  const mpt = byName(layersFromNames(family('mpt')));
  assert.equal(mpt.get('transformer.blocks.1.attn.Wqkv')!.parts!.length, 3);
  assert.equal(mpt.get('transformer.blocks.1.attn.out_proj')!.primitive, 'attention_output');
  assert.equal(mpt.get('transformer.blocks.1.ffn.up_proj')!.primitive, 'mlp_up');
  const phi = byName(layersFromNames(family('phi')));
  assert.equal(phi.get('model.layers.0.self_attn.dense')!.primitive, 'attention_output');
  assert.equal(phi.get('model.layers.0.mlp.fc2')!.primitive, 'mlp_down');
  assert.equal(phi.get('lm_head')!.paramsAll, 16 * 8 + 16);
});

test('CNN names get no blocks and keep their order: roles and depth order apply to transformers only', () => {
  const list = nameList('efficientnet-b0-timm');
  const layers = layersFromNames({ tensors: weights(list), order: list.map(([n]) => n) });
  assert.ok(layers.every((l) => l.block === undefined));
  assert.equal(layers[0]!.name, 'conv_stem');
});
