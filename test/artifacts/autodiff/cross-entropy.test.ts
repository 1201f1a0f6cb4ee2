import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeModel } from '../../../src/onnx/encode.js';
import { DataType } from '../../../src/onnx/types.js';
import { GraphBuilder } from '../../../src/graph/builder.js';
import { emitSoftmaxCrossEntropy } from '../../../src/artifacts/autodiff/rules/softmax-cross-entropy.js';
import { createSession, floatTensor, int64Tensor, run } from '../../../src/runtime/session.js';
import { uniform } from './gradcheck.js';

const N = 4;
const C = 5;

/** Mean cross-entropy in float64, the reference. */
function referenceLoss(z: Float64Array, labels: number[]): number {
  let total = 0;
  for (let n = 0; n < N; n++) {
    const row = Array.from(z.subarray(n * C, (n + 1) * C));
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
    total += lse - row[labels[n]!]!;
  }
  return total / N;
}

test('softmax cross-entropy: loss, correct count and the logits gradient against finite differences', async () => {
  const b = new GraphBuilder();
  b.input('logits', DataType.FLOAT, ['batch', C]);
  b.input('labels', DataType.INT64, ['batch']);
  const out = emitSoftmaxCrossEntropy(b, 'logits', 'labels', C, { loss: 'loss', correct: 'correct' }, true);
  b.output('loss');
  b.output('correct');
  b.output(out.gradLogits!);
  const session = await createSession(encodeModel(b.build('ce')), { device: 'cpu', graphOptimizationLevel: 'all' });
  const z = uniform(N * C, 21, -3, 3);
  const labels = [2, 0, 4, 1];
  const result = await run(session, {
    logits: floatTensor(z, [N, C]),
    labels: int64Tensor(BigInt64Array.from(labels, BigInt), [N]),
  });

  const z64 = Float64Array.from(z);
  assert.ok(Math.abs(Number(result['loss']!.data[0]) - referenceLoss(z64, labels)) < 1e-5);
  assert.deepEqual(result['loss']!.dims, []);
  const argmax = Array.from({ length: N }, (_, n) => {
    const row = Array.from(z.subarray(n * C, (n + 1) * C));
    return row.indexOf(Math.max(...row));
  });
  assert.equal(result['correct']!.data[0], BigInt(argmax.filter((p, n) => p === labels[n]).length));

  const grad = result[out.gradLogits!]!.data as Float32Array;
  const h = 1e-4;
  for (let i = 0; i < N * C; i++) {
    const up = Float64Array.from(z64);
    up[i] += h;
    const down = Float64Array.from(z64);
    down[i] -= h;
    const numeric = (referenceLoss(up, labels) - referenceLoss(down, labels)) / (2 * h);
    assert.ok(Math.abs(grad[i]! - numeric) < 1e-6, `element ${i}: ${grad[i]} vs ${numeric}`);
  }
});

test('softmax cross-entropy: correct counts every matching prediction', async () => {
  const b = new GraphBuilder();
  b.input('logits', DataType.FLOAT, ['batch', 3]);
  b.input('labels', DataType.INT64, ['batch']);
  emitSoftmaxCrossEntropy(b, 'logits', 'labels', 3, { loss: 'loss', correct: 'correct' }, false);
  b.output('correct');
  const session = await createSession(encodeModel(b.build('ce')), { device: 'cpu' });
  const logits = Float32Array.of(9, 1, 1, 1, 9, 1, 1, 1, 9, 9, 1, 1);
  const result = await run(session, {
    logits: floatTensor(logits, [4, 3]),
    labels: int64Tensor(BigInt64Array.of(0n, 1n, 0n, 0n), [4]),
  });
  assert.equal(result['correct']!.data[0], 3n);
});
