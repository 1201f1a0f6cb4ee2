import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeModel } from '../../../src/onnx/encode.js';
import { DataType } from '../../../src/onnx/types.js';
import { floatAttr } from '../../../src/graph/attrs.js';
import { GraphBuilder } from '../../../src/graph/builder.js';
import { inferShapes } from '../../../src/graph/shapes.js';
import { emitForward } from '../../../src/artifacts/autodiff/engine.js';
import { createSession, floatTensor, run } from '../../../src/runtime/session.js';
import { assertGradientsMatch, gradCheck, uniform } from './gradcheck.js';

const X = [3, 2, 3, 2];

function bnInputs() {
  return [
    { name: 'x', shape: X },
    { name: 'scale', shape: [2], data: Float32Array.of(1.5, -0.7) },
    { name: 'bias', shape: [2] },
    { name: 'mean', shape: [2], wrt: false },
    { name: 'var', shape: [2], data: Float32Array.of(1, 2), wrt: false },
  ];
}

test('BatchNormalization in training mode: gradients of X, scale and B (batch statistics)', async () => {
  const report = await gradCheck({
    inputs: bnInputs(),
    h: 0.01,
    build: (b, n) => b.op('BatchNormalization', [n.x!, n.scale!, n.bias!, n.mean!, n.var!], { epsilon: floatAttr(1e-3) }),
  });
  assertGradientsMatch(report);
});

test('BatchNormalization on a 2-D [N, C] input', async () => {
  const report = await gradCheck({
    inputs: [
      { name: 'x', shape: [5, 3] },
      { name: 'scale', shape: [3] },
      { name: 'bias', shape: [3] },
      { name: 'mean', shape: [3], wrt: false },
      { name: 'var', shape: [3], data: Float32Array.of(1, 1, 1), wrt: false },
    ],
    build: (b, n) => b.op('BatchNormalization', [n.x!, n.scale!, n.bias!, n.mean!, n.var!]),
  });
  assertGradientsMatch(report);
});

test('BatchNormalization training forward: output and running statistics (PyTorch semantics)', async () => {
  const plain = new GraphBuilder();
  for (const i of bnInputs()) plain.input(i.name, DataType.FLOAT, i.shape);
  plain.node('BatchNormalization', ['x', 'scale', 'bias', 'mean', 'var'], { epsilon: floatAttr(1e-3), momentum: floatAttr(0.8) }, { outputs: ['y'] });
  const shapes = inferShapes(plain.build('bn').graph);
  const b = new GraphBuilder();
  for (const i of bnInputs()) b.input(i.name, DataType.FLOAT, i.shape);
  const fwd = emitForward(b, plain.nodes, shapes, 'train');
  b.output('y');
  b.output(fwd.bufferUpdates.get('mean')!);
  b.output(fwd.bufferUpdates.get('var')!);
  const session = await createSession(encodeModel(b.build('bn')), { device: 'cpu' });
  const x = uniform(36, 11);
  const runningMean = Float32Array.of(0.5, -0.5);
  const runningVar = Float32Array.of(1, 2);
  const out = await run(session, {
    x: floatTensor(x, X),
    scale: floatTensor(Float32Array.of(1.5, -0.7), [2]),
    bias: floatTensor(Float32Array.of(0.1, 0.2), [2]),
    mean: floatTensor(runningMean, [2]),
    var: floatTensor(runningVar, [2]),
  });
  const y = out['y']!.data as Float32Array;
  const newMean = out[fwd.bufferUpdates.get('mean')!]!.data as Float32Array;
  const newVar = out[fwd.bufferUpdates.get('var')!]!.data as Float32Array;
  for (let c = 0; c < 2; c++) {
    const idx: number[] = [];
    for (let n = 0; n < 3; n++) for (let s = 0; s < 6; s++) idx.push(n * 12 + c * 6 + s);
    const mean = idx.reduce((a, i) => a + x[i]!, 0) / idx.length;
    const biased = idx.reduce((a, i) => a + (x[i]! - mean) ** 2, 0) / idx.length;
    const unbiased = (biased * idx.length) / (idx.length - 1);
    const [scale, bias] = c === 0 ? [1.5, 0.1] : [-0.7, 0.2];
    for (const i of idx) assert.ok(Math.abs(y[i]! - ((x[i]! - mean) / Math.sqrt(biased + 1e-3)) * scale - bias) < 1e-5);
    assert.ok(Math.abs(newMean[c]! - (0.8 * runningMean[c]! + 0.2 * mean)) < 1e-6, `running mean ${c}`);
    assert.ok(Math.abs(newVar[c]! - (0.8 * runningVar[c]! + 0.2 * unbiased)) < 1e-6, `running var ${c}`);
  }
});
