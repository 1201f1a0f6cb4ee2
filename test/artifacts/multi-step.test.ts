/**
 * The K-step Loop model (src/artifacts/multi-step.ts) against K calls of the single-step training model: every
 * parameter, BatchNorm running statistic and optimizer state tensor, and every step's loss and correct count,
 * compared bit for bit.
 */
import { heldShape } from '../../src/artifacts/layout.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildArtifacts } from '../../src/artifacts/build.js';
import { buildMultiStepModel, stepsPerRunFor } from '../../src/artifacts/multi-step.js';
import { optimizerConfig } from '../../src/artifacts/optim/index.js';
import type { OptimizerKind } from '../../src/artifacts/types.js';
import { encodeModel } from '../../src/onnx/encode.js';
import { createSession, floatTensor, int64Tensor, releaseSession, run, scalarF32, scalarI64, type Feeds } from '../../src/runtime/session.js';
import { zooModel } from '../../src/zoo/index.js';

const K = 3;

function bits(a: ArrayLike<number | bigint>): string {
  if (a instanceof Float32Array) return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
  return Array.from(a as ArrayLike<number | bigint>, String).join(',');
}

async function compare(model: string, shape: [number, number, number], optimizer: OptimizerKind, batch: number): Promise<void> {
  const built = buildArtifacts(zooModel(model, { inputShape: shape, numClasses: 10, seed: 1 }), { modelName: model, optimizer: optimizerConfig(optimizer) });
  const c = built.contract;
  const sample = shape[0] * shape[1] * shape[2];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const images = Float32Array.from({ length: K * batch * sample }, () => rand() * 2 - 1);
  const labels = BigInt64Array.from({ length: K * batch }, () => BigInt(Math.floor(rand() * 10)));
  const initial = new Map<string, Float32Array>(built.checkpoint.graph.initializers.map((t) => [t.name, (t.data as Float32Array).slice()]));
  for (const s of c.state) initial.set(s.name, new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(s.initial));
  // As the training model holds them (ParamSpec.layout); the values are arbitrary starting points either way.
  const shapes = new Map<string, number[]>([...c.params.map((p) => [p.name, heldShape(c, p.name, p.shape)] as const), ...c.state.map((s) => [s.name, heldShape(c, s.name, s.shape)] as const)]);
  const updated = [...c.params.map((p) => [p.name, p.updatedName] as const), ...c.state.map((s) => [s.name, s.updatedName] as const)];
  const firstStep = 5;

  const single = await createSession(encodeModel(built.training), { device: 'cpu', threads: 2 });
  const values = new Map(initial);
  const losses: string[] = [];
  const corrects: string[] = [];
  try {
    for (let k = 0; k < K; k++) {
      const feeds: Feeds = {};
      for (const [name, v] of values) feeds[name] = floatTensor(v, shapes.get(name)!);
      feeds[c.input.name] = floatTensor(images.slice(k * batch * sample, (k + 1) * batch * sample), [batch, ...shape]);
      feeds[c.labels.name] = int64Tensor(labels.slice(k * batch, (k + 1) * batch), [batch]);
      feeds[c.lr] = scalarF32(0.05);
      feeds[c.step] = scalarI64(firstStep + k);
      const out = await run(single, feeds);
      for (const [name, up] of updated) values.set(name, out[up]!.data as Float32Array);
      losses.push(bits(out[c.loss_output]!.data));
      corrects.push(bits(out[c.correct_output]!.data));
    }
  } finally {
    await releaseSession(single);
  }

  const multi = await createSession(encodeModel(buildMultiStepModel(built.training, c)), { device: 'cpu', threads: 2 });
  try {
    const feeds: Feeds = {};
    for (const [name, v] of initial) feeds[name] = floatTensor(v, shapes.get(name)!);
    feeds[c.input.name] = floatTensor(images, [K, batch, ...shape]);
    feeds[c.labels.name] = int64Tensor(labels, [K, batch]);
    feeds[c.lr] = scalarF32(0.05);
    feeds[c.step] = scalarI64(firstStep);
    const out = await run(multi, feeds);
    const loss = out[c.loss_output]!.data as Float32Array;
    const correct = out[c.correct_output]!.data as BigInt64Array;
    assert.deepEqual(out[c.loss_output]!.dims, [K]);
    for (let k = 0; k < K; k++) {
      assert.equal(bits(loss.subarray(k, k + 1)), losses[k], `${model}: loss of step ${k + 1}`);
      assert.equal(bits(correct.subarray(k, k + 1)), corrects[k], `${model}: correct of step ${k + 1}`);
    }
    let changed = 0;
    for (const [name, up] of updated) {
      const got = out[up]!.data as Float32Array;
      assert.equal(bits(got), bits(values.get(name)!), `${model}: ${up} after ${K} steps`);
      if (bits(got) !== bits(initial.get(name)!)) changed++;
    }
    // The comparison means something only if the steps moved the tensors.
    assert.ok(changed >= updated.length / 2, `${model}: only ${changed} of ${updated.length} tensors changed`);
  } finally {
    await releaseSession(multi);
  }
}

test('K-step Loop equals K single steps bit for bit: lenet5, Adam (parameters and both moments)', async () => {
  await compare('lenet5', [1, 28, 28], 'adam', 16);
});

test('K-step Loop equals K single steps bit for bit: resnet-mini with BatchNorm, momentum', async () => {
  await compare('resnet-mini', [3, 16, 16], 'momentum', 8);
});

test('steps per run: as many stacked batches as fit 64 MiB, within 1..most', () => {
  // 128 CIFAR images are 1.5 MiB: 42 fit; capped by most.
  assert.equal(stepsPerRunFor(128, 3 * 32 * 32, 1000), Math.floor((64 * 2 ** 20) / (4 * 128 * 3072)));
  assert.equal(stepsPerRunFor(128, 3 * 32 * 32, 8), 8);
  assert.equal(stepsPerRunFor(4096, 3 * 224 * 224, 8), 1);
});
