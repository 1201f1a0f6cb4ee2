import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { diffRuns } from '../../src/diff/diff-runs.js';
import { InputError } from '../../src/errors.js';
import { CONV1, FC1, FC2, FC3, LENET_LIKE, layerWeights, scale, scratch, writeRun, type LayerSpec } from './tiny-runs.js';

const options = { ...DEFAULT_ANALYZE_OPTIONS, k: 2 as const };

function close(actual: number | null, expected: number, tol: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

/** sqrt(sum of squares) of the stored (float32) weights of these layers at epoch t, in float64. */
function weightNorm(layers: readonly LayerSpec[], t: number): number {
  let sum = 0;
  layers.forEach((l, k) => layerWeights(k, l, t).forEach((v) => (sum += v * v)));
  return Math.sqrt(sum);
}

test('a run diffed with itself: zero gaps, correlation 1, ARI 1, distances 0, identity feature matching', async (t) => {
  const dir = writeRun(scratch(t), 'run', { checkpoints: 5 });
  const { diff } = await diffRuns(dir, dir, options);
  assert.equal(diff.schema, 'weightscale.diff/1');
  assert.equal(diff.epochsCompared, 5);
  assert.equal(diff.transitionsCompared, 4);
  assert.deepEqual(diff.transitions, ['0→1', '1→2', '2→3', '3→4']);
  assert.deepEqual(diff.layers.map((l) => [l.a, l.b, l.matchedBy]), [
    ['conv1', 'conv1', 'name'],
    ['fc1', 'fc1', 'name'],
    ['fc2', 'fc2', 'name'],
  ]);
  // RWC of conv1 is |c_t - c_{t-1}| / c_{t-1} with c_t = 1 + 0.1 t^2.
  const conv = diff.layers[0];
  [1, 2, 3, 4].forEach((step) => {
    const expected = (scale(CONV1.growth, step) - scale(CONV1.growth, step - 1)) / scale(CONV1.growth, step - 1);
    close(conv.rwcA[step - 1], expected, 1e-6, `conv1 rwc[${step - 1}]`);
  });
  for (const l of diff.layers) {
    assert.deepEqual(l.rwcA, l.rwcB);
    assert.equal(l.l1Gap, 0);
    assert.equal(l.l1GapRaw, 0);
    close(l.correlation, 1, 1e-12, `${l.a} correlation`);
    close(l.correlationRaw, 1, 1e-12, `${l.a} raw correlation`);
    assert.equal(l.clusterA, l.clusterB);
    assert.deepEqual([l.norms.first.distance, l.norms.last.distance], [0, 0]);
  }
  assert.equal(diff.clusterAgreement, 1);
  assert.equal(diff.clusterAgreementLayers, 3);
  assert.equal(diff.norms.first.distance, 0);
  assert.equal(diff.norms.last.distance, 0);
  close(diff.norms.last.a, weightNorm(LENET_LIKE, 4), 1e-12 * weightNorm(LENET_LIKE, 4), '||theta_A|| last');
  assert.equal(diff.norms.last.a, diff.norms.last.b);
  assert.ok(diff.features);
  assert.equal(diff.features.layerA, 'fc1');
  assert.deepEqual(diff.features.matching, [0, 1, 2, 3]);
  close(diff.features.meanAbsMatched, 1, 1e-12, 'mean |r|');
  assert.deepEqual(diff.unpaired, { a: [], b: [] });
  assert.deepEqual(diff.warnings.filter((w) => !w.startsWith('A: ') && !w.startsWith('B: ')), []);
});

test('a sign-flipped run: ||A - B|| = 2 ||A|| at the start, same RWC, |r| = 1 with r = -1', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 4 });
  const b = writeRun(root, 'b', { checkpoints: 4, sign: -1 });
  const { diff } = await diffRuns(a, b, options);
  const first = diff.norms.first;
  assert.equal(first.distance, 2 * first.a, 'exactly twice, float rounding included');
  assert.equal(first.b, first.a);
  close(first.a, weightNorm(LENET_LIKE, 0), 1e-12 * first.a, '||theta_A|| first');
  for (const l of diff.layers) {
    assert.equal(l.norms.first.distance, 2 * l.norms.first.a, `${l.a} first`);
    assert.equal(l.norms.last.distance, 2 * l.norms.last.a, `${l.a} last`);
    assert.deepEqual(l.rwcA, l.rwcB, 'RWC does not see the sign');
    assert.equal(l.l1Gap, 0);
  }
  assert.ok(diff.features);
  assert.deepEqual(diff.features.matching, [0, 1, 2, 3]);
  for (const r of diff.features.matchedCorrelation) close(r, -1, 1e-12, 'matched r');
  close(diff.features.meanAbsMatched, 1, 1e-12, 'mean |r|');
});

test('different checkpoint counts: the common prefix is compared, with a warning', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 5 });
  const b = writeRun(root, 'b', { checkpoints: 3 });
  const { diff } = await diffRuns(a, b, options);
  assert.equal(diff.epochsCompared, 3);
  assert.equal(diff.transitionsCompared, 2);
  assert.deepEqual(diff.transitions, ['0→1', '1→2']);
  assert.deepEqual([diff.runs.a.checkpoints, diff.runs.b.checkpoints], [5, 3]);
  assert.deepEqual([diff.runs.a.lastFile, diff.runs.b.lastFile], ['epoch-004.onnx', 'epoch-002.onnx']);
  assert.ok(diff.warnings.some((w) => /A has 5 checkpoints, B has 3: .* first 3 checkpoints \(2 transitions\)/.test(w)), diff.warnings.join('\n'));
  for (const l of diff.layers) {
    assert.equal(l.rwcA.length, 2);
    assert.equal(l.rwcClippedB.length, 2);
    assert.equal(l.l1GapRaw, 0, 'same weights over the prefix');
  }
  // The last checkpoints differ: epoch 4 vs epoch 2, so theta_A - theta_B = base (c_4 - c_2) per layer.
  const fc2 = diff.layers[2];
  const base = layerWeights(2, FC2, 0);
  const expected = Math.sqrt(base.reduce((s, v) => s + v * v, 0)) * (scale(FC2.growth, 4) - scale(FC2.growth, 2));
  close(fc2.norms.last.distance, expected, 1e-6 * expected, 'fc2 ||A - B|| last');
});

test('an extra layer in B is listed as unpaired; the rest is compared', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 4 });
  const b = writeRun(root, 'b', { checkpoints: 4, layers: [CONV1, FC1, FC2, FC3] });
  const { diff } = await diffRuns(a, b, options);
  assert.deepEqual(diff.layers.map((l) => l.a), ['conv1', 'fc1', 'fc2']);
  assert.deepEqual(diff.unpaired.a, []);
  assert.deepEqual(diff.unpaired.b.map((l) => [l.name, l.weight, l.op]), [['fc3', 'fc3.weight', 'Gemm']]);
  assert.match(diff.unpaired.b[0].reason, /no layer in A/);
  assert.ok(diff.warnings.some((w) => /1 layer\(s\) of B have no partner .*: fc3$/.test(w)));
  assert.equal(diff.features?.layerA, 'fc1', 'penultimate of the paired layers');
  for (const l of diff.layers) assert.equal(l.l1Gap, 0);
});

test('a layer whose weight has another shape in B is unpaired on both sides, not an error', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 3 });
  const b = writeRun(root, 'b', { checkpoints: 3, layers: [CONV1, FC1, { ...FC2, dims: [5, 4] }] });
  const { diff } = await diffRuns(a, b, options);
  assert.deepEqual(diff.layers.map((l) => l.a), ['conv1', 'fc1']);
  assert.deepEqual(diff.unpaired.a.map((l) => l.name), ['fc2']);
  assert.deepEqual(diff.unpaired.b.map((l) => l.name), ['fc2']);
  assert.match(diff.unpaired.a[0].reason, /shape \[5, 4\] in B/);
  assert.match(diff.unpaired.b[0].reason, /shape \[3, 4\] in A/);
});

test('B\'s penultimate rows permuted: the matching recovers the permutation, mean |r| = 1', async (t) => {
  const root = scratch(t);
  const perm = [2, 0, 3, 1]; // row j of B's fc1 = row perm[j] of A's
  const a = writeRun(root, 'a', { checkpoints: 3 });
  const b = writeRun(root, 'b', { checkpoints: 3, permute: { layer: 'fc1', perm } });
  const { diff, features } = await diffRuns(a, b, options);
  assert.ok(diff.features && features);
  // A's row i is B's row j with perm[j] = i: 0 -> 1, 1 -> 3, 2 -> 0, 3 -> 2.
  assert.deepEqual(diff.features.matching, [1, 3, 0, 2]);
  assert.equal(diff.features.matchingMethod, 'hungarian');
  close(diff.features.meanAbsMatched, 1, 1e-12, 'mean |r|');
  for (const r of diff.features.matchedCorrelation) close(r, 1, 1e-12, 'matched r');
  assert.deepEqual([diff.features.rowsA, diff.features.rowsB, diff.features.cols], [4, 4, 18]);
  assert.equal(features.matrix.length, 16);
  // The permutation changes the weights' positions, so ||A - B|| of fc1 is > 0 while the other layers match.
  assert.ok(diff.layers[1].norms.last.distance > 0);
  assert.equal(diff.layers[0].norms.last.distance, 0);
});

test('layers named differently in B are paired by structural key', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 3 });
  const renamed = LENET_LIKE.map((l, k) => ({ ...l, name: `net/${k}`, prefix: `net.${2 * k}` }));
  const b = writeRun(root, 'b', { checkpoints: 3, layers: renamed });
  const { diff } = await diffRuns(a, b, options);
  assert.deepEqual(diff.layers.map((l) => [l.a, l.b, l.matchedBy]), [
    ['conv1', 'net/0', 'structure'],
    ['fc1', 'net/1', 'structure'],
    ['fc2', 'net/2', 'structure'],
  ]);
  for (const l of diff.layers) assert.equal(l.norms.last.distance, 0, 'same weights under other names');
  assert.deepEqual(diff.unpaired, { a: [], b: [] });
});

test('runs with no layer in common are an InputError', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 3 });
  const other: LayerSpec[] = [
    { name: 'g1', prefix: 'g1', op: 'Gemm', dims: [5, 6], growth: 0.1 },
    { name: 'g2', prefix: 'g2', op: 'Gemm', dims: [2, 5], growth: 0.2 },
  ];
  const b = writeRun(root, 'b', { checkpoints: 3, layers: other });
  await assert.rejects(() => diffRuns(a, b, options), (e: unknown) => e instanceof InputError && /no layer .* pairs/.test(e.message));
});
