import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArtifacts } from '../../src/artifacts/build.js';
import { optimizerConfig } from '../../src/artifacts/optim/index.js';
import { uniform } from './autodiff/gradcheck.js';
import {
  IN, checkpointValues, initialWeights, maxAbsDiff, mlpLossAndGrad, openModel, tinyMlp, trainStep, type Weights,
} from './helpers.js';

const BATCHES = [0, 1, 2].map((k) => ({ x: uniform(5 * IN, 40 + k, -2, 2), labels: [0, 1, 1, 0, 1].map((l) => (l + k) % 2) }));
const PARAMS = ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'];

function assertWeightsClose(actual: Record<string, Float32Array>, expected: Weights, tol: number, what: string): void {
  for (const name of PARAMS) {
    const d = maxAbsDiff(actual[name]!, expected[name]!);
    assert.ok(d < tol, `${what}: ${name} differs by ${d}`);
  }
}

test('SGD: one step equals w - lr * grad (hand-written gradient), loss as computed by hand', async () => {
  const forward = tinyMlp();
  const a = buildArtifacts(forward, { modelName: 'tiny', optimizer: optimizerConfig('sgd') });
  assert.deepEqual(a.contract.state, []);
  const session = await openModel(a.training);
  const w0 = initialWeights(forward);
  const { loss, grad } = mlpLossAndGrad(w0, Float64Array.from(BATCHES[0]!.x), BATCHES[0]!.labels);
  const step = await trainStep(session, a, checkpointValues(a), BATCHES[0]!.x, BATCHES[0]!.labels, 0.5, 1);
  assert.ok(Math.abs(step.loss - loss) < 1e-5, `loss ${step.loss} vs ${loss}`);
  const expected = Object.fromEntries(PARAMS.map((p) => [p, w0[p]!.map((v, i) => v - 0.5 * grad[p]![i]!)]));
  assertWeightsClose(step.next, expected, 2e-6, 'sgd');
  assert.ok(maxAbsDiff(step.next['fc2.weight']!, w0['fc2.weight']!) > 1e-3, 'the step moved the weights');
});

test('SGD with weight decay adds wd * w to the gradient', async () => {
  const forward = tinyMlp();
  const a = buildArtifacts(forward, { modelName: 'tiny', optimizer: optimizerConfig('sgd', { weightDecay: 0.1 }) });
  const session = await openModel(a.training);
  const w0 = initialWeights(forward);
  const { grad } = mlpLossAndGrad(w0, Float64Array.from(BATCHES[0]!.x), BATCHES[0]!.labels);
  const step = await trainStep(session, a, checkpointValues(a), BATCHES[0]!.x, BATCHES[0]!.labels, 0.5, 1);
  const expected = Object.fromEntries(PARAMS.map((p) => [p, w0[p]!.map((v, i) => v - 0.5 * (grad[p]![i]! + 0.1 * v))]));
  assertWeightsClose(step.next, expected, 2e-6, 'sgd+wd');
});

test('momentum (PyTorch semantics) over 2 steps: v = mu v + g, w -= lr v', async () => {
  const forward = tinyMlp();
  const mu = 0.8, lr = 0.3;
  const a = buildArtifacts(forward, { modelName: 'tiny', optimizer: optimizerConfig('momentum', { momentum: mu }) });
  assert.deepEqual(a.contract.state.map((s) => s.name), PARAMS.map((p) => `momentum.${p}`));
  const session = await openModel(a.training);
  let values = checkpointValues(a);
  let w = initialWeights(forward);
  const v: Weights = Object.fromEntries(PARAMS.map((p) => [p, new Float64Array(w[p]!.length)]));
  for (let t = 0; t < 2; t++) {
    const { grad } = mlpLossAndGrad(w, Float64Array.from(BATCHES[t]!.x), BATCHES[t]!.labels);
    w = Object.fromEntries(
      PARAMS.map((p) => {
        v[p] = v[p]!.map((vi, i) => mu * vi + grad[p]![i]!);
        return [p, w[p]!.map((wi, i) => wi - lr * v[p]![i]!)];
      }),
    );
    values = (await trainStep(session, a, values, BATCHES[t]!.x, BATCHES[t]!.labels, lr, t + 1)).next;
    assertWeightsClose(values, w, 5e-6, `momentum step ${t + 1}`);
    for (const p of PARAMS) assert.ok(maxAbsDiff(values[`momentum.${p}`]!, v[p]!) < 5e-6, `velocity of ${p} at step ${t + 1}`);
  }
});

test('Adam (bias-corrected, eps outside the sqrt) over 3 steps, with weight decay', async () => {
  const forward = tinyMlp();
  const [b1, b2, eps, lr, wd] = [0.9, 0.99, 1e-3, 0.05, 0.01];
  const a = buildArtifacts(forward, {
    modelName: 'tiny',
    optimizer: optimizerConfig('adam', { beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd }),
  });
  assert.equal(a.contract.state.length, 2 * PARAMS.length);
  const session = await openModel(a.training);
  let values = checkpointValues(a);
  let w = initialWeights(forward);
  const m: Weights = Object.fromEntries(PARAMS.map((p) => [p, new Float64Array(w[p]!.length)]));
  const v: Weights = Object.fromEntries(PARAMS.map((p) => [p, new Float64Array(w[p]!.length)]));
  for (let t = 1; t <= 3; t++) {
    const { grad } = mlpLossAndGrad(w, Float64Array.from(BATCHES[t - 1]!.x), BATCHES[t - 1]!.labels);
    w = Object.fromEntries(
      PARAMS.map((p) => {
        const g = grad[p]!.map((gi, i) => gi + wd * w[p]![i]!);
        m[p] = m[p]!.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
        v[p] = v[p]!.map((vi, i) => b2 * vi + (1 - b2) * g[i]! * g[i]!);
        const mHat = m[p]!.map((mi) => mi / (1 - b1 ** t));
        const vHat = v[p]!.map((vi) => vi / (1 - b2 ** t));
        return [p, w[p]!.map((wi, i) => wi - (lr * mHat[i]!) / (Math.sqrt(vHat[i]!) + eps))];
      }),
    );
    values = (await trainStep(session, a, values, BATCHES[t - 1]!.x, BATCHES[t - 1]!.labels, lr, t)).next;
    assertWeightsClose(values, w, 2e-5, `adam step ${t}`);
    for (const p of PARAMS) {
      assert.ok(maxAbsDiff(values[`adam_m.${p}`]!, m[p]!) < 1e-6, `m of ${p} at step ${t}`);
      assert.ok(maxAbsDiff(values[`adam_v.${p}`]!, v[p]!) < 1e-6, `v of ${p} at step ${t}`);
    }
  }
});

test('Adam step 1 on a hand-checkable case moves every weight by lr * sign(g)', async () => {
  // With m = v = 0 at step 1: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps) ~ lr * sign(g).
  const forward = tinyMlp();
  const a = buildArtifacts(forward, { modelName: 'tiny', optimizer: optimizerConfig('adam', { epsilon: 1e-12 }) });
  const session = await openModel(a.training);
  const w0 = initialWeights(forward);
  const { grad } = mlpLossAndGrad(w0, Float64Array.from(BATCHES[0]!.x), BATCHES[0]!.labels);
  const next = (await trainStep(session, a, checkpointValues(a), BATCHES[0]!.x, BATCHES[0]!.labels, 0.01, 1)).next;
  for (const p of PARAMS) {
    grad[p]!.forEach((g, i) => {
      if (Math.abs(g) < 1e-6) return;
      assert.ok(Math.abs(w0[p]![i]! - next[p]![i]! - 0.01 * Math.sign(g)) < 1e-6, `${p}[${i}]`);
    });
  }
});
