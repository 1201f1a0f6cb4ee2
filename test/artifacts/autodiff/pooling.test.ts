import { test } from 'node:test';
import { intAttr, intsAttr } from '../../../src/graph/attrs.js';
import assert from 'node:assert/strict';
import { DataType, type Attribute } from '../../../src/onnx/types.js';
import { encodeModel } from '../../../src/onnx/encode.js';
import { GraphBuilder } from '../../../src/graph/builder.js';
import { inferShapes } from '../../../src/graph/shapes.js';
import { emitBackward, emitForward } from '../../../src/artifacts/autodiff/engine.js';
import { createSession, floatTensor, run } from '../../../src/runtime/session.js';
import { assertGradientsMatch, gradCheck, spaced } from './gradcheck.js';

function attrs(a: Record<string, number | number[]>): Record<string, Attribute> {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Array.isArray(v) ? intsAttr(v) : intAttr(v)]));
}

function poolCase(op: string, shape: number[], a: Record<string, number | number[]>, distinct: boolean) {
  const n = shape.reduce((p, d) => p * d, 1);
  return gradCheck({
    inputs: [{ name: 'x', shape, ...(distinct ? { data: spaced(n, 5) } : {}) }],
    h: 0.01,
    build: (g, x) => g.op(op, [x.x!], attrs(a)),
  });
}

test('MaxPool 2x2 stride 2 over a batch of several channels', async () =>
  assertGradientsMatch(await poolCase('MaxPool', [2, 3, 6, 6], { kernel_shape: [2, 2], strides: [2, 2] }, true)));

test('MaxPool 3x3 stride 2 pad 1 (overlapping windows add up)', async () =>
  assertGradientsMatch(await poolCase('MaxPool', [2, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, true)));

test('MaxPool 3x3 stride 1 (an element can win many windows)', async () =>
  assertGradientsMatch(await poolCase('MaxPool', [1, 2, 5, 5], { kernel_shape: [3, 3] }, true)));

test('AveragePool 2x2 stride 2', async () =>
  assertGradientsMatch(await poolCase('AveragePool', [2, 3, 6, 6], { kernel_shape: [2, 2], strides: [2, 2] }, false)));

test('AveragePool 3x3 stride 2 pad 1, count_include_pad=0', async () =>
  assertGradientsMatch(
    await poolCase('AveragePool', [2, 2, 7, 6], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 0 }, false),
  ));

test('AveragePool 3x3 stride 2 pad 1, count_include_pad=1', async () =>
  assertGradientsMatch(
    await poolCase('AveragePool', [2, 2, 7, 6], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 1 }, false),
  ));

test('AveragePool 3x2 kernel, asymmetric pads, ceil_mode (partial last windows)', async () =>
  assertGradientsMatch(
    await poolCase('AveragePool', [1, 2, 8, 7], { kernel_shape: [3, 2], strides: [2, 2], pads: [1, 0, 0, 1], ceil_mode: 1 }, false),
  ));

test('GlobalAveragePool', async () => assertGradientsMatch(await poolCase('GlobalAveragePool', [2, 3, 4, 5], {}, false)));

async function maxPoolGradient(x: Float32Array, shape: number[], a: Record<string, number | number[]>): Promise<Float32Array> {
  const plain = new GraphBuilder();
  plain.input('x', DataType.FLOAT, shape);
  plain.node('MaxPool', ['x'], attrs(a), { outputs: ['y'] });
  const shapes = inferShapes(plain.build('p').graph);
  const yShape = shapes.types.get('y')!.shape as number[];
  const b = new GraphBuilder();
  b.input('x', DataType.FLOAT, shape);
  b.input('dy', DataType.FLOAT, yShape);
  const grads = emitBackward(b, emitForward(b, plain.nodes, shapes, 'train'), shapes, new Map([['y', 'dy']]), ['x']);
  b.output(grads.get('x')!);
  const session = await createSession(encodeModel(b.build('g')), { device: 'cpu' });
  const dy = new Float32Array(yShape.reduce((p, d) => p * d, 1)).fill(1);
  const out = await run(session, { x: floatTensor(x, shape), dy: floatTensor(dy, yShape) });
  return out[grads.get('x')!]!.data as Float32Array;
}

test('MaxPool ties, tiling windows: the gradient is shared equally by the tied maxima', async () => {
  const x = Float32Array.of(1, 1, 0, 5, 1, 1, 2, 5);
  // Two 2x2 windows over a 2x4 input: [1 1 / 1 1] (four-way tie) and [0 5 / 2 5] (two-way tie).
  const g = await maxPoolGradient(x, [1, 1, 2, 4], { kernel_shape: [2, 2], strides: [2, 2] });
  assert.deepEqual(Array.from(g), [0.25, 0.25, 0, 0.5, 0.25, 0.25, 0, 0.5]);
});

test('MaxPool ties, overlapping windows: each window sends its gradient to its first maximum', async () => {
  const x = Float32Array.of(3, 3, 3, 1, 1, 1, 1, 1, 1);
  const g = await maxPoolGradient(x, [1, 1, 3, 3], { kernel_shape: [2, 2], strides: [1, 1] });
  // Windows (row-major): top-left picks x[0], top-right picks x[1], bottom windows pick x[3] and x[4].
  assert.deepEqual(Array.from(g), [1, 1, 0, 1, 1, 0, 0, 0, 0]);
});
