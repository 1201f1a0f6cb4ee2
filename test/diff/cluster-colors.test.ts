import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchedClusterColors } from '../../src/diff/cluster-colors.js';
import { rwcClustersConfig } from '../../src/report/charts/rwc-clusters.js';
import { clusterColor } from '../../src/report/charts/cluster-style.js';

const pair = (clusterA: number | null, clusterB: number | null) => ({ clusterA, clusterB });

test("B's clusters take the colour of the A cluster they share most layers with; an unmatched one a colour of its own", () => {
  // B0 = A1's three layers, B1 = A0's two layers plus one of A1's, B2 shares one layer with A0 (taken by B1).
  const layers = [pair(1, 0), pair(1, 0), pair(1, 0), pair(0, 1), pair(0, 1), pair(1, 1), pair(0, 2), pair(null, 2)];
  assert.deepEqual(matchedClusterColors(layers, [0, 1], [0, 1, 2]), { 0: 1, 1: 0, 2: 2 });
  // A B cluster sharing no layer with any A cluster is not matched, whatever the matching pairs it with.
  assert.deepEqual(matchedClusterColors([pair(0, 0), pair(null, 1)], [0, 1], [0, 1]), { 0: 0, 1: 2 });
  assert.deepEqual(matchedClusterColors([], [], [0, 1]), { 0: 0, 1: 1 });
});

test('the RWC chart draws a cluster in the colour it is mapped to, and keeps its own label', () => {
  const input = {
    title: 't',
    xLabels: ['0→1', '1→2'],
    xTitle: 'epoch transition',
    valueLabel: 'RWC',
    series: [
      { name: 'a', values: [0.1, 0.2], cluster: 0 },
      { name: 'b', values: [0.3, 0.2], cluster: 1 },
    ],
    clusterColors: { 0: 1, 1: 2 },
  };
  const datasets = rwcClustersConfig(input).data.datasets as { label: string; borderColor: string }[];
  assert.deepEqual(datasets.map((d) => d.borderColor), [clusterColor(1), clusterColor(2)]);
  assert.deepEqual(datasets.map((d) => d.label), ['cluster 0 (1 layer)', 'cluster 1 (1 layer)']);
});
