// Dropout: a random mask cannot be finite-differenced, so the training-mode graph is checked against the
// definition within one run: y is 0 or x / (1 - p), about p of it is 0, and dX = dY * [y != 0] / (1 - p).
// Eval mode is the identity; two sessions with the same seed draw the same masks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeModel } from '../../../src/onnx/encode.js';
import { DataType } from '../../../src/onnx/types.js';
import { emitBackward, emitForward } from '../../../src/artifacts/autodiff/engine.js';
import { GraphBuilder } from '../../../src/graph/builder.js';
import { inferShapes } from '../../../src/graph/shapes.js';
import { createSession, floatTensor, run } from '../../../src/runtime/session.js';
import { uniform } from './gradcheck.js';

const SHAPE = [8, 250];
const N = SHAPE[0]! * SHAPE[1]!;
const P = 0.3;

async function dropoutRun(mode: 'train' | 'eval', x: Float32Array, dy: Float32Array, node = 'drop'): Promise<{ y: Float32Array; dx?: Float32Array }> {
  const plain = new GraphBuilder();
  plain.input('x', DataType.FLOAT, SHAPE);
  const y = plain.op('Dropout', ['x', plain.scalarFloat(P)], {}, node);
  const shapes = inferShapes(plain.build('f').graph);
  const b = new GraphBuilder();
  b.input('x', DataType.FLOAT, SHAPE);
  for (const t of plain.initializers) b.initializer(t);
  const seed = b.input('dY', DataType.FLOAT, SHAPE);
  const fwd = emitForward(b, plain.nodes, shapes, mode);
  b.output(y, DataType.FLOAT);
  let dxName: string | undefined;
  if (mode === 'train') {
    dxName = emitBackward(b, fwd, shapes, new Map([[y, seed]]), ['x']).get('x')!;
    b.output(dxName, DataType.FLOAT);
  }
  const session = await createSession(encodeModel(b.build('dropout')), { device: 'cpu', threads: 1 });
  const out = await run(session, { x: floatTensor(x, SHAPE), dY: floatTensor(dy, SHAPE) });
  return { y: out[y]!.data as Float32Array, ...(dxName ? { dx: out[dxName]!.data as Float32Array } : {}) };
}

test('Dropout in training mode: scaled survivors, about p dropped, gradient through the same mask', async () => {
  const x = uniform(N, 1, 0.5, 1.5); // no zeros, so y == 0 means dropped
  const dy = uniform(N, 2);
  const { y, dx } = await dropoutRun('train', x, dy);
  let dropped = 0;
  for (let i = 0; i < N; i++) {
    const kept = y[i] !== 0;
    if (!kept) dropped++;
    else assert.ok(Math.abs(y[i]! - x[i]! / (1 - P)) < 1e-5, `y[${i}]`);
    const expected = kept ? dy[i]! / (1 - P) : 0;
    assert.ok(Math.abs(dx![i]! - expected) < 1e-5, `dx[${i}] = ${dx![i]} expected ${expected}`);
  }
  // Binomial(2000, 0.3): mean 600, sd 20.5.
  assert.ok(dropped > 500 && dropped < 700, `dropped ${dropped} of ${N}`);
});

const dropped = (y: Float32Array) => y.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);

test('Dropout draws the same masks in two sessions (seeded by the node), and another node draws others', async () => {
  const x = uniform(N, 3, 0.5, 1.5); // no zeros, so y == 0 means dropped
  const a = await dropoutRun('train', x, x);
  const b = await dropoutRun('train', x, x);
  assert.deepEqual(Array.from(a.y), Array.from(b.y));
  // The masks drop: Binomial(2000, 0.3), mean 600, sd 20.5.
  assert.ok(dropped(a.y) > 500 && dropped(a.y) < 700, `dropped ${dropped(a.y)} of ${N}`);
  const other = await dropoutRun('train', x, x, 'other-dropout');
  assert.ok(dropped(other.y) > 500 && dropped(other.y) < 700, `dropped ${dropped(other.y)} of ${N}`);
  const differ = Array.from(a.y).filter((v, i) => (v === 0) !== (other.y[i] === 0)).length;
  // Two independent masks differ at 2 p (1 - p) = 42% of the elements, about 840.
  assert.ok(differ > 700 && differ < 980, `masks differ at ${differ} of ${N}`);
});

test('Dropout in eval mode is the identity', async () => {
  const x = uniform(N, 4);
  const { y } = await dropoutRun('eval', x, x);
  assert.deepEqual(Array.from(y), Array.from(x));
});
