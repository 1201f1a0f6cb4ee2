import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepChannelsLast } from '../../../src/artifacts/autodiff/channels-last.js';
import { emitBackward, emitForward } from '../../../src/artifacts/autodiff/engine.js';
import { floatAttr, intsAttr } from '../../../src/graph/attrs.js';
import { GraphBuilder } from '../../../src/graph/builder.js';
import { inferShapes } from '../../../src/graph/shapes.js';
import { DataType } from '../../../src/onnx/types.js';
import { assertGradientsMatch, gradCheck, type CaseInput } from './gradcheck.js';

// A residual block whose two convolutions are lowered to Gemms (16 channels, 4x4 maps): conv, BatchNorm (batch
// statistics), Tanh (smooth, unlike ReLU), conv, BatchNorm, the skip Add, Tanh. gradCheck applies keepChannelsLast
// to its graphs, so the block's activations and gradients run channels-last between the convolutions.
const C = 16;
const blockInputs = (): CaseInput[] => [
  { name: 'x', shape: [2, C, 4, 4] },
  { name: 'w1', shape: [C, C, 3, 3] },
  { name: 'w2', shape: [C, C, 3, 3] },
  { name: 's1', shape: [C] },
  { name: 'b1', shape: [C] },
  { name: 's2', shape: [C] },
  { name: 'b2', shape: [C] },
  { name: 'm1', shape: [C], wrt: false },
  { name: 'v1', shape: [C], data: new Float32Array(C).fill(1), wrt: false },
  { name: 'm2', shape: [C], wrt: false },
  { name: 'v2', shape: [C], data: new Float32Array(C).fill(1), wrt: false },
];

function block(b: GraphBuilder, n: Record<string, string>): string {
  const conv = (x: string, w: string) => b.op('Conv', [x, w], { pads: intsAttr([1, 1, 1, 1]), kernel_shape: intsAttr([3, 3]) });
  const bn = (x: string, s: string, bias: string, m: string, v: string) => b.op('BatchNormalization', [x, s, bias, m, v], { epsilon: floatAttr(1e-3) });
  const h = b.op('Tanh', [bn(conv(n.x!, n.w1!), n.s1!, n.b1!, n.m1!, n.v1!)]);
  const y = bn(conv(h, n.w2!), n.s2!, n.b2!, n.m2!, n.v2!);
  return b.op('Tanh', [b.op('Add', [y, n.x!])]);
}

test('channels-last residual block: gradients of input, weights and BatchNorm parameters', async () => {
  assertGradientsMatch(await gradCheck({ inputs: blockInputs(), h: 0.01, maxChecks: 20, build: block }));
});

test('channels-last: only the graph boundary changes layout', () => {
  const plain = new GraphBuilder();
  const names: Record<string, string> = {};
  for (const i of blockInputs()) names[i.name] = plain.input(i.name, DataType.FLOAT, i.shape);
  const y = block(plain, names);
  const shapes = inferShapes(plain.build('block').graph);
  const b = new GraphBuilder();
  for (const i of blockInputs()) b.input(i.name, DataType.FLOAT, i.shape);
  const dy = b.input('dY', DataType.FLOAT, [2, C, 4, 4]);
  const fwd = emitForward(b, plain.nodes, shapes, 'train');
  const grads = emitBackward(b, fwd, shapes, new Map([[y, dy]]), ['x', 'w1']);
  b.output(y);
  b.output(grads.get('x')!);
  b.output(grads.get('w1')!);
  const activationTransposes = () => b.nodes.filter((n) => n.opType === 'Transpose' && n.attributes['perm']?.type === 'ints' && n.attributes['perm'].value.length === 4).length;
  // Each lowered convolution changes the layout of X and Y forward and of dY and dX backward.
  assert.equal(activationTransposes(), 8);
  keepChannelsLast(b);
  // Left: x and dY into channels-last (x once, for conv1 and the skip Add), y and dx back.
  assert.equal(activationTransposes(), 4);
});
