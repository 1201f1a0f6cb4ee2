import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPass, everyPairs, type CheckpointTensors } from '../../src/analyze/pass.js';

function run(series: number[][][], opts: { every?: number; rwc?: 'l1-ratio' | 'mean-relative' } = {}) {
  // series[t][tensor] = values; tensors named w0, w1, ...
  const loaded: number[] = [];
  const result = runPass({
    count: series.length,
    layers: [{ name: 'L', tensors: series[0].map((_, i) => `w${i}`) }],
    rwc: opts.rwc ?? 'l1-ratio',
    every: opts.every ?? 1,
    load: (t): CheckpointTensors => {
      loaded.push(t);
      return new Map(series[t].map((v, i) => [`w${i}`, Float32Array.from(v)]));
    },
  });
  return { result, loaded };
}

test('RWC is sum|w_t - w_t-1| / sum|w_t-1| per transition', () => {
  const { result } = run([[[1, -2, 3]], [[2, -2, 1]], [[2, -2, 1]], [[4, -4, 2]]]);
  // t=1: (1+0+2)/6 ; t=2: 0/5 ; t=3: (2+2+1)/5
  assert.deepEqual(result.rwc, [[0.5, 0, 1]]);
});

test('RWC over weight and bias together uses the summed numerators and denominators', () => {
  const { result } = run([[[1, 1], [2]], [[2, 1], [0]]]);
  // diffs 1 + 2 = 3, norms 2 + 2 = 4
  assert.deepEqual(result.rwc, [[0.75]]);
});

test('a layer whose previous weights are all zero gets null, not NaN', () => {
  const { result } = run([[[0, 0]], [[1, 0]]]);
  assert.deepEqual(result.rwc, [[null]]);
});

test('mean-relative averages per-element ratios and skips zero previous values', () => {
  const { result } = run([[[1, -2, 0]], [[2, -1, 5]]], { rwc: 'mean-relative' });
  // |1|/1 = 1, |1|/2 = 0.5; the zero is skipped
  assert.deepEqual(result.rwc, [[0.75]]);
  assert.equal(result.zeroElementsSkipped, 1);
});

test('distances from init, every-k distances, changed counts and cosine', () => {
  const series = [[[1, 0, 0]], [[1, 3, 0]], [[1, 3, 4]], [[0, 3, 4]], [[0, 0, 4]]];
  const { result } = run(series, { every: 2 });
  assert.deepEqual(result.distanceFromInit.l1, [0, 3, 7, 8, 5]);
  assert.deepEqual(result.distanceFromInit.l2, [0, 3, 5, Math.sqrt(26), Math.sqrt(17)]);
  assert.deepEqual(result.every.from, [0, 2]);
  assert.deepEqual(result.every.to, [2, 4]);
  // 0->2: (0,3,4) ; 2->4: (-1,-3,0)
  assert.deepEqual(result.every.l1, [7, 4]);
  assert.deepEqual(result.every.l2, [5, Math.sqrt(10)]);
  // last - first = (-1, 0, 4): two elements changed at every tolerance below 1
  assert.deepEqual(result.changedCounts, [[2, 2, 2, 2, 2]]);
  assert.deepEqual(result.layerSizes, [3]);
  // cos((1,0,0),(0,0,4)) = 0
  assert.equal(result.cosineToInit[0], 0);
});

test('every checkpoint is loaded once when k = 1, and only every-k references are reloaded', () => {
  const series = Array.from({ length: 8 }, (_, t) => [[t + 1, 1]]);
  assert.deepEqual(run(series, { every: 1 }).loaded, [0, 1, 2, 3, 4, 5, 6, 7]);
  const { loaded } = run(series, { every: 3 });
  // pairs (0,3) uses the held first checkpoint; (3,6) reloads 3
  assert.deepEqual(everyPairs(8, 3), [[0, 3], [3, 6]]);
  assert.deepEqual(loaded, [0, 1, 2, 3, 4, 5, 6, 3, 7]);
});
