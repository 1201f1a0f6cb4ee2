import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterLayers } from '../../src/cluster/cluster-layers.js';
import { mulberry32 } from '../../src/util/random.js';
import { adjustedRandIndex } from '../../src/metrics/ari.js';

const SHAPES = [
  [1, 0.1, 0.05, 0.02, 0.01], // learns early, then freezes
  [0.2, 0.2, 0.2, 0.2, 0.2], // steady
  [0.01, 0.05, 0.3, 0.7, 1], // learns late
];

/** 12 layers, 4 per shape, interleaved, each with +-0.01 noise. */
function layers(seed: number) {
  const rnd = mulberry32(seed);
  const names: string[] = [];
  const truth: number[] = [];
  const rwc: (number | null)[][] = [];
  for (let i = 0; i < 12; i++) {
    const shape = [0, 2, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2][i];
    names.push(`layer${i}`);
    truth.push(shape);
    rwc.push(SHAPES[shape].map((v) => v + (rnd() - 0.5) * 0.02));
  }
  return { names, truth, rwc };
}

test('auto k finds the three behaviours in PCA and raw space', () => {
  for (const space of ['pca', 'raw'] as const) {
    const { names, truth, rwc } = layers(1);
    const result = clusterLayers(names, rwc, { space, k: 'auto', kMax: 12, seed: 0 });
    assert.equal(result.k, 3);
    assert.equal(result.kChosen, 'auto');
    assert.equal(result.space, space);
    assert.equal(result.inertia.length, 12);
    assert.equal(adjustedRandIndex(result.labels, truth), 1);
    assert.deepEqual(result.layers, names);
    assert.equal(result.points.length, 12);
    assert.equal(result.explainedVariance.length, 2);
    // Cluster ids in order of first layer: layer0 (shape 0) -> 0, layer1 (shape 2) -> 1, layer2 (shape 1) -> 2.
    assert.deepEqual(result.labels.slice(0, 3), [0, 1, 2]);
    assert.deepEqual(result.clusters.map((c) => c.id), [0, 1, 2]);
    assert.deepEqual(result.clusters[0].layers, ['layer0', 'layer4', 'layer8', 'layer9']);
    assert.deepEqual(result.clusters[1].layers, ['layer1', 'layer5', 'layer6', 'layer11']);
    assert.deepEqual(result.clusters[2].layers, ['layer2', 'layer3', 'layer7', 'layer10']);
  }
});

test('cluster statistics per epoch ignore nulls', () => {
  const names = ['a', 'b', 'c', 'd'];
  const rwc = [
    [1, null, 3],
    [3, 5, null],
    [100, 100, 100],
    [101, 99, 100],
  ];
  // k = 2: {a, b} and {c, d}. Per epoch for {a, b}: [1,3] -> mean 2, min 1, max 3; [5] -> 5; [3] -> 3.
  const result = clusterLayers(names, rwc, { space: 'raw', k: 2, kMax: 4, seed: 3 });
  assert.equal(result.kChosen, 'fixed');
  assert.deepEqual(result.labels, [0, 0, 1, 1]);
  assert.deepEqual(result.clusters[0], { id: 0, layers: ['a', 'b'], meanRwc: [2, 5, 3], minRwc: [1, 5, 3], maxRwc: [3, 5, 3] });
  assert.deepEqual(result.clusters[1], {
    id: 1, layers: ['c', 'd'], meanRwc: [100.5, 99.5, 100], minRwc: [100, 99, 100], maxRwc: [101, 100, 100],
  });
});

test('an epoch where every member is null falls back to the filled (row-mean) values', () => {
  // Layer a alone in its cluster with a null at epoch 1: its row mean (2 + 4) / 2 = 3 stands in.
  const result = clusterLayers(['a', 'b', 'c'], [[2, null, 4], [50, 50, 50], [51, 50, 49]], {
    space: 'raw', k: 2, kMax: 3, seed: 0,
  });
  assert.deepEqual(result.clusters[0], { id: 0, layers: ['a'], meanRwc: [2, 3, 4], minRwc: [2, 3, 4], maxRwc: [2, 3, 4] });
});

test('fixed k is capped at the number of layers; scree curve always computed', () => {
  const { names, rwc } = layers(2);
  const fixed = clusterLayers(names.slice(0, 3), rwc.slice(0, 3), { space: 'pca', k: 5, kMax: 12, seed: 0 });
  assert.equal(fixed.k, 3);
  assert.deepEqual(fixed.labels, [0, 1, 2]);
  assert.equal(fixed.inertia.length, 3);
  assert.equal(fixed.inertia[2], 0);
  const capped = clusterLayers(names, rwc, { space: 'pca', k: 2, kMax: 5, seed: 0 });
  assert.equal(capped.k, 2);
  assert.equal(capped.inertia.length, 5);
});

test('fewer than 2 layers', () => {
  const one = clusterLayers(['only'], [[0.5, null, 0.25]], { space: 'pca', k: 'auto', kMax: 12, seed: 0 });
  assert.equal(one.k, 1);
  assert.deepEqual(one.labels, [0]);
  assert.deepEqual(one.points, [[0, 0]]);
  assert.deepEqual(one.clusters, [{ id: 0, layers: ['only'], meanRwc: [0.5, 0.375, 0.25], minRwc: [0.5, 0.375, 0.25], maxRwc: [0.5, 0.375, 0.25] }]);
  const none = clusterLayers([], [], { space: 'pca', k: 'auto', kMax: 12, seed: 0 });
  assert.equal(none.k, 0);
  assert.deepEqual(none.clusters, []);
  assert.deepEqual(none.labels, []);
});

test('identical layers collapse to one cluster even with a fixed k', () => {
  const rwc = [[0.1, 0.2], [0.1, 0.2], [0.1, 0.2]];
  const result = clusterLayers(['a', 'b', 'c'], rwc, { space: 'pca', k: 3, kMax: 12, seed: 0 });
  assert.equal(result.k, 1);
  assert.deepEqual(result.inertia, [0, 0, 0]);
  assert.deepEqual(result.explainedVariance, [0, 0]);
});

test('invalid input throws', () => {
  assert.throws(() => clusterLayers(['a'], [], { space: 'pca', k: 'auto', kMax: 12, seed: 0 }), /1 names but 0 rows/);
  assert.throws(() => clusterLayers(['a', 'b'], [[1], [1, 2]], { space: 'pca', k: 'auto', kMax: 12, seed: 0 }), /differ/);
  assert.throws(() => clusterLayers(['a', 'b'], [[1], [2]], { space: 'pca', k: 0, kMax: 12, seed: 0 }), /k must be/);
  assert.throws(() => clusterLayers(['a', 'b'], [[1], [2]], { space: 'pca', k: 'auto', kMax: 0, seed: 0 }), /kMax/);
});
