// Whole-model finite differences: a tiny ViT-like graph (patch embedding, class token, position embedding,
// pre-norm attention block, GELU MLP, class-token head) and a tiny ConvNeXt-like graph (patchify stem,
// depthwise 7x7, channels-last LayerNorm, inverted MLP with layer scale, mean pooling head), built here op by op
// as PyTorch exports them at opset 17. Every parameter's gradient is compared with central differences (and the
// ViT's input gradient; the ConvNeXt's is tiny behind its stem LayerNorm and not checked).
import { test } from 'node:test';
import { floatAttr, intAttr, intsAttr } from '../../../src/graph/attrs.js';
import type { GraphBuilder } from '../../../src/graph/builder.js';
import { assertGradientsMatch, gradCheck, uniform, type CaseInput } from './gradcheck.js';

function param(name: string, shape: number[], seed: number, scale = 0.5): CaseInput {
  const n = shape.reduce((a, d) => a * d, 1);
  return { name, shape, data: uniform(n, seed).map((v) => v * scale) };
}

function gelu(g: GraphBuilder, x: string): string {
  const e = g.op('Erf', [g.op('Div', [x, g.scalarFloat(Math.SQRT2)])]);
  return g.op('Mul', [g.op('Mul', [x, g.op('Add', [e, g.scalarFloat(1)])]), g.scalarFloat(0.5)]);
}

const linear = (g: GraphBuilder, x: string, w: string, bias: string): string => g.op('Add', [g.op('MatMul', [x, w]), bias]);
const layerNorm = (g: GraphBuilder, x: string, s: string, bias: string): string =>
  g.op('LayerNormalization', [x, s, bias], { axis: intAttr(-1), epsilon: floatAttr(1e-6) });

test('tiny ViT-like graph: every parameter and the input', async () => {
  const D = 6, T = 4, H = 2;
  const report = await gradCheck({
    inputs: [
      param('x', [2, 3, 8, 8], 1, 1),
      param('patch.w', [D, 3, 4, 4], 2, 0.3),
      param('patch.b', [D], 3),
      param('cls', [1, 1, D], 4),
      param('pos', [1, T + 1, D], 5),
      param('ln1.s', [D], 6, 1),
      param('ln1.b', [D], 7),
      param('qkv.w', [D, 3 * D], 8),
      param('qkv.b', [3 * D], 9),
      param('proj.w', [D, D], 10),
      param('proj.b', [D], 11),
      param('ln2.s', [D], 12, 1),
      param('ln2.b', [D], 13),
      param('fc1.w', [D, 2 * D], 14),
      param('fc1.b', [2 * D], 15),
      param('fc2.w', [2 * D, D], 16),
      param('fc2.b', [D], 17),
      param('head.w', [4, D], 18),
      param('head.b', [4], 19),
    ],
    maxChecks: 12,
    build: (g, p) => {
      const patches = g.op('Conv', [p.x!, p['patch.w']!, p['patch.b']!], { kernel_shape: intsAttr([4, 4]), strides: intsAttr([4, 4]) });
      const tokens = g.op('Transpose', [g.op('Reshape', [patches, g.constInt64([2, D, T])])], { perm: intsAttr([0, 2, 1]) });
      const cls = g.op('Expand', [p.cls!, g.constInt64([2, 1, D])]);
      let h = g.op('Add', [g.op('Concat', [cls, tokens], { axis: intAttr(1) }), p.pos!]);
      // Attention: qkv projection split into heads.
      const qkv = linear(g, layerNorm(g, h, p['ln1.s']!, p['ln1.b']!), p['qkv.w']!, p['qkv.b']!);
      const [q, k, v] = g.node('Split', [qkv, g.constInt64([D, D, D])], { axis: intAttr(-1) }, { outputs: 3 });
      const heads = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, g.constInt64([2, T + 1, H, D / H])])], { perm: intsAttr(perm) });
      const scores = g.op('Mul', [g.op('MatMul', [heads(q!, [0, 2, 1, 3]), heads(k!, [0, 2, 3, 1])]), g.scalarFloat(1 / Math.sqrt(D / H))]);
      const mixed = g.op('MatMul', [g.op('Softmax', [scores], { axis: intAttr(-1) }), heads(v!, [0, 2, 1, 3])]);
      const merged = g.op('Reshape', [g.op('Transpose', [mixed], { perm: intsAttr([0, 2, 1, 3]) }), g.constInt64([2, T + 1, D])]);
      h = g.op('Add', [h, linear(g, merged, p['proj.w']!, p['proj.b']!)]);
      const mlp = linear(g, gelu(g, linear(g, layerNorm(g, h, p['ln2.s']!, p['ln2.b']!), p['fc1.w']!, p['fc1.b']!)), p['fc2.w']!, p['fc2.b']!);
      h = g.op('Add', [h, mlp]);
      const clsOut = g.op('Gather', [h, g.constInt64([0], [])], { axis: intAttr(1) });
      return g.op('Gemm', [clsOut, p['head.w']!, p['head.b']!], { transB: intAttr(1) });
    },
  });
  assertGradientsMatch(report, 5e-3);
});

test('tiny ConvNeXt-like graph: every parameter and the input', async () => {
  const C = 4;
  const report = await gradCheck({
    inputs: [
      { ...param('x', [2, 3, 8, 8], 21, 1), wrt: false },
      param('stem.w', [C, 3, 2, 2], 22),
      param('stem.b', [C], 23),
      param('stemln.s', [C], 24, 1),
      param('stemln.b', [C], 25),
      param('dw.w', [C, 1, 7, 7], 26, 0.1),
      param('dw.b', [C], 27),
      param('ln.s', [C], 28, 1),
      param('ln.b', [C], 29),
      param('pw1.w', [C, 4 * C], 30, 1),
      param('pw1.b', [4 * C], 31),
      param('pw2.w', [4 * C, C], 32, 1),
      param('pw2.b', [C], 33),
      param('gamma', [C], 34, 2),
      param('headln.s', [C], 35, 1),
      param('headln.b', [C], 36),
      param('head.w', [3, C], 37),
      param('head.b', [3], 38),
    ],
    maxChecks: 12,
    build: (g, p) => {
      const toLast = (t: string) => g.op('Transpose', [t], { perm: intsAttr([0, 2, 3, 1]) });
      const toFirst = (t: string) => g.op('Transpose', [t], { perm: intsAttr([0, 3, 1, 2]) });
      const stem = g.op('Conv', [p.x!, p['stem.w']!, p['stem.b']!], { kernel_shape: intsAttr([2, 2]), strides: intsAttr([2, 2]) });
      const h = toFirst(layerNorm(g, toLast(stem), p['stemln.s']!, p['stemln.b']!));
      const dw = g.op('Conv', [h, p['dw.w']!, p['dw.b']!], { kernel_shape: intsAttr([7, 7]), pads: intsAttr([3, 3, 3, 3]), group: intAttr(C) });
      const mlp = linear(g, gelu(g, linear(g, layerNorm(g, toLast(dw), p['ln.s']!, p['ln.b']!), p['pw1.w']!, p['pw1.b']!)), p['pw2.w']!, p['pw2.b']!);
      const block = g.op('Add', [h, toFirst(g.op('Mul', [mlp, p.gamma!]))]);
      const pooled = g.op('ReduceMean', [block], { axes: intsAttr([2, 3]), keepdims: intAttr(0) });
      return g.op('Gemm', [layerNorm(g, pooled, p['headln.s']!, p['headln.b']!), p['head.w']!, p['head.b']!], { transB: intAttr(1) });
    },
  });
  assertGradientsMatch(report, 5e-3);
});
