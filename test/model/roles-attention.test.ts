/**
 * Roles from structure (attention.ts, attention-roles.ts, mlp-roles.ts, qkv-parts.ts, direct-params.ts) on graphs
 * built here, with generated names that say nothing: every role must come from the wiring.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLayers } from '../../src/model/layers.js';
import type { Layer } from '../../src/model/types.js';
import { GraphBuilder, int, ints } from './graph-builder.js';

const C = 4;

function roles(layers: Layer[]): Record<string, string> {
  return Object.fromEntries(layers.map((l) => [l.weight, l.primitive]));
}

/** Softmax(q k^T / s + mask) v with q, k, v given; returns the context. */
function attend(b: GraphBuilder, q: string, k: string, v: string, mask?: string): string {
  let s = b.node('Div', [b.node('MatMul', [q, b.node('Transpose', [k], { attrs: { perm: ints([0, 2, 1]) } })]), b.init(`scale${b.nodes.length}`, [])]);
  if (mask) s = b.node('Add', [s, mask]);
  return b.node('MatMul', [b.node('Softmax', [s], { attrs: { axis: int(-1) } }), v]);
}

test('Transpose(W) -> MatMul without bias (onnx test_Linear_no_bias, opset 6) is a linear layer on W', () => {
  const b = new GraphBuilder();
  b.node('MatMul', [b.input('x'), b.node('Transpose', [b.init('onnx::W_1', [5, 3])], { attrs: { perm: ints([1, 0]) } })], { name: 'linear' });
  const layers = extractLayers(b.model());
  assert.deepEqual(layers.map((l) => [l.name, l.primitive, l.weight, l.shape, l.structuralKey]), [
    ['linear', 'linear', 'onnx::W_1', [5, 3], '1:MatMul:1:5x3'],
  ]);
});

test('PRelu slopes are a param layer at the PRelu', () => {
  const b = new GraphBuilder();
  const y = b.conv('conv', b.input('x'), [6, 3, 3, 3]);
  b.node('PRelu', [y, b.init('onnx::PRelu_7', [6, 1, 1])], { name: 'prelu' });
  const layers = extractLayers(b.model());
  assert.deepEqual(layers.map((l) => [l.name, l.op, l.primitive, l.weight]), [
    ['conv', 'Conv', 'conv', 'conv.weight'],
    ['prelu:1', 'PRelu', 'param', 'onnx::PRelu_7'],
  ]);
});

test('separate q/k/v/o projections (Gemm transB=1 and MatMul), a masked softmax, a gated SiLU MLP', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const h = b.node('LayerNormalization', [x, b.init('n1', [C])]);
  const gemm = (w: string, input: string): string => b.node('Gemm', [input, b.init(w, [C, C])], { attrs: { transB: int(1) } });
  const q = gemm('w1', h);
  const k = b.node('MatMul', [h, b.init('w2', [C, C])]);
  const v = gemm('w3', h);
  const ctx = attend(b, q, k, v, b.node('Slice', [b.init('table_mask', [16, 16]), b.ints('s0', [0]), b.ints('e0', [C])]));
  const x2 = b.node('Add', [x, b.node('MatMul', [ctx, b.init('w4', [C, C])])]);
  const h2 = b.node('LayerNormalization', [x2, b.init('n2', [C])]);
  const gate = b.node('MatMul', [h2, b.init('w5', [C, 2 * C])]);
  const up = b.node('MatMul', [h2, b.init('w6', [C, 2 * C])]);
  const act = b.silu(gate, 'silu');
  b.node('Add', [x2, b.node('MatMul', [b.node('Mul', [act, up]), b.init('w7', [2 * C, C])])]);
  assert.deepEqual(roles(extractLayers(b.model())), {
    n1: 'norm',
    w1: 'attention_query',
    w2: 'attention_key',
    w3: 'attention_value',
    table_mask: 'param',
    w4: 'attention_output',
    n2: 'norm',
    w5: 'mlp_gate',
    w6: 'mlp_up',
    w7: 'mlp_down',
  });
});

test('fused qkv split by Slice on a Gemm with transB=1: one contiguous row range per part, bias ranges too', () => {
  const b = new GraphBuilder();
  const h = b.node('LayerNormalization', [b.input('x'), b.init('n', [C])]);
  const qkv = b.node('Gemm', [h, b.init('wqkv', [3 * C, C]), b.init('bqkv', [3 * C])], { attrs: { transB: int(1) } });
  // k first, then v, then q: the part order comes from where each slice goes, not from its position.
  const slice = (from: number, to: number): string => b.node('Slice', [qkv, b.ints(`s${from}`, [from]), b.ints(`e${from}`, [to]), b.ints(`a${from}`, [-1])]);
  const k = slice(0, C);
  const v = slice(C, 2 * C);
  const q = slice(2 * C, 3 * C);
  attend(b, q, k, v);
  const layer = extractLayers(b.model()).find((l) => l.weight === 'wqkv')!;
  assert.equal(layer.primitive, 'attention_qkv');
  assert.deepEqual(
    layer.parts!.map((p) => [p.part, p.weight.map((r) => [r.start, r.count]), p.extras.map((r) => [r.tensor, r.start, r.count])]),
    [
      ['q', [[2 * C * C, C * C]], [['bqkv', 2 * C, C]]],
      ['k', [[0, C * C]], [['bqkv', 0, C]]],
      ['v', [[C * C, C * C]], [['bqkv', C, C]]],
    ],
  );
});

test('fused qkv split by Split (sizes as an attribute) on a MatMul [in, out]: one range per row per part', () => {
  const b = new GraphBuilder();
  const h = b.node('LayerNormalization', [b.input('x'), b.init('n', [C])]);
  const qkv = b.node('MatMul', [h, b.init('wqkv', [C, 3 * C])]);
  b.node('Split', [qkv], { attrs: { axis: int(-1), split: ints([C, C, C]) }, outputs: ['q', 'k', 'v'] });
  attend(b, 'q', 'k', 'v');
  const layer = extractLayers(b.model()).find((l) => l.weight === 'wqkv')!;
  const rows = (offset: number): number[][] => Array.from({ length: C }, (_, r) => [r * 3 * C + offset, C]);
  assert.deepEqual(
    layer.parts!.map((p) => [p.part, p.weight.map((r) => [r.start, r.count])]),
    [['q', rows(0)], ['k', rows(C)], ['v', rows(2 * C)]],
  );
});

test('tables used directly: special token through Tile, position table by Slice, rotary table by Range, layer scale', () => {
  const b = new GraphBuilder();
  const ids = b.input('ids');
  const tokens = b.node('Gather', [b.init('tok', [10, C]), ids]);
  const cls = b.node('Tile', [b.init('cls', [1, 1, C]), b.ints('reps', [2, 1, 1])]);
  const seq = b.node('Concat', [cls, tokens], { attrs: { axis: int(1) } });
  const pos = b.node('Slice', [b.init('pos', [16, C]), b.ints('p0', [0]), b.ints('p1', [5])]);
  const x = b.node('Add', [seq, pos]);
  const positions = b.node('Range', [b.ints('r0', [0]), b.ints('r1', [5]), b.ints('r2', [1])]);
  const cos = b.node('Gather', [b.init('cos', [16, C]), positions]);
  const rotated = b.node('Mul', [x, cos]);
  const y = b.node('MatMul', [rotated, b.init('w', [C, C])]);
  b.node('Add', [x, b.node('Mul', [b.node('Add', [y, b.init('bias', [C])]), b.init('gamma', [C])])]);
  const layers = extractLayers(b.model());
  assert.deepEqual(roles(layers), {
    tok: 'embedding',
    cls: 'special_token',
    pos: 'position_embedding',
    cos: 'param',
    w: 'linear',
    gamma: 'layer_scale',
  });
  assert.deepEqual(layers.find((l) => l.weight === 'w')!.extras, ['bias']);
  // No attention in the graph: no block index on any layer.
  assert.ok(layers.every((l) => !('block' in l)));
});

test('a token table Gathered by the ids and a head Gemm (transB=1) on the same tensor: one embedding, tied', () => {
  const b = new GraphBuilder();
  const emb = b.init('tied', [50, C]);
  const h = b.node('Gather', [emb, b.input('ids')], { name: 'embed' });
  b.node('Gemm', [h, emb], { name: 'lm_head', attrs: { transB: int(1) } });
  const layers = extractLayers(b.model());
  assert.deepEqual(layers.map((l) => [l.name, l.primitive, l.tiedWith]), [['embed', 'embedding', 'lm_head']]);
});

test('token-type ids from a graph input are an embedding; constant indices added to the stream a position table', () => {
  const b = new GraphBuilder();
  const words = b.node('Gather', [b.init('word', [10, C]), b.input('ids')]);
  const types = b.node('Gather', [b.init('type', [2, C]), b.input('types')]);
  const pos = b.node('Gather', [b.init('position', [8, C]), b.ints('position_ids', [0, 1, 2, 3])]);
  b.node('Add', [b.node('Add', [words, types]), pos]);
  assert.deepEqual(roles(extractLayers(b.model())), { word: 'embedding', type: 'embedding', position: 'position_embedding' });
});

test('scale by Mul, mask by Where, Casts around the Softmax: still attention', () => {
  const b = new GraphBuilder();
  const h = b.node('LayerNormalization', [b.input('x'), b.init('n', [C])]);
  const q = b.node('MatMul', [h, b.init('wq', [C, C])]);
  const k = b.node('MatMul', [h, b.init('wk', [C, C])]);
  const v = b.node('MatMul', [h, b.init('wv', [C, C])]);
  const scores = b.node('Mul', [b.node('MatMul', [q, b.node('Transpose', [k])]), b.init('scale', [])]);
  const masked = b.node('Where', [b.input('keep'), b.node('Cast', [scores]), b.init('fill', [])]);
  const probs = b.node('Cast', [b.node('Softmax', [masked])]);
  b.node('MatMul', [b.node('Reshape', [b.node('MatMul', [probs, v]), b.ints('shape', [1, -1, C])]), b.init('wo', [C, C])]);
  assert.deepEqual(roles(extractLayers(b.model())), {
    n: 'norm',
    wq: 'attention_query',
    wk: 'attention_key',
    wv: 'attention_value',
    wo: 'attention_output',
  });
});

test('Hugging Face GPT-2 layout: Conv1D as Gemm [in, out] on a 2-D view, Split q|k|v, tanh GELU', () => {
  const b = new GraphBuilder();
  const flat = (v: string): string => b.node('Reshape', [v, b.ints(`flat${b.nodes.length}`, [-1, C])]);
  const back = (v: string): string => b.node('Reshape', [v, b.ints(`back${b.nodes.length}`, [1, -1, 0])]);
  const conv1d = (w: string, x: string, out: number): string =>
    back(b.node('Gemm', [flat(x), b.init(w, [C, out]), b.init(`${w}.bias`, [out])]));
  const x = b.input('x');
  const h = b.node('LayerNormalization', [x, b.init('ln_1', [C])]);
  b.node('Split', [conv1d('c_attn', h, 3 * C), b.ints('sizes', [C, C, C])], { attrs: { axis: int(2) }, outputs: ['q', 'k', 'v'] });
  const x2 = b.node('Add', [x, conv1d('attn.c_proj', attend(b, 'q', 'k', 'v'), C)]);
  const u = conv1d('c_fc', b.node('LayerNormalization', [x2, b.init('ln_2', [C])]), 4 * C);
  const cube = b.node('Mul', [b.node('Pow', [u, b.init('three', [])]), b.init('c', [])]);
  const t = b.node('Tanh', [b.node('Mul', [b.node('Add', [u, cube]), b.init('sqrt2pi', [])])]);
  const gelu = b.node('Mul', [b.node('Mul', [u, b.init('half', [])]), b.node('Add', [t, b.init('one', [])])]);
  b.node('Add', [x2, conv1d('mlp.c_proj', gelu, C)]);
  const layers = extractLayers(b.model());
  assert.deepEqual(roles(layers), {
    ln_1: 'norm',
    c_attn: 'attention_qkv',
    'attn.c_proj': 'attention_output',
    ln_2: 'norm',
    c_fc: 'mlp_up',
    'mlp.c_proj': 'mlp_down',
  });
  const qkv = layers.find((l) => l.weight === 'c_attn')!;
  assert.deepEqual(qkv.extras, ['c_attn.bias']);
  // [in, out]: q is columns 0..C-1 of every row.
  assert.deepEqual(qkv.parts![0]!.weight.map((r) => [r.start, r.count]), Array.from({ length: C }, (_, r) => [r * 3 * C, C]));
  assert.deepEqual(qkv.parts!.map((p) => p.extras.map((r) => [r.start, r.count])), [[[0, C]], [[C, C]], [[2 * C, C]]]);
});
