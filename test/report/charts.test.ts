import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBanding } from '../../src/report/charts/banding.js';
import { changedFractionConfig, renderChangedByLayer, renderChangedFraction } from '../../src/report/charts/changed-fraction.js';
import { renderClusterMeans } from '../../src/report/charts/cluster-means.js';
import { displayOrder, meanAbsOffDiagonal, renderFeatureCorrelation } from '../../src/report/charts/correlation.js';
import { renderDistance } from '../../src/report/charts/distances.js';
import { channelMeanKernel, renderFilters } from '../../src/report/charts/filters.js';
import { renderRwcHeatmap } from '../../src/report/charts/heatmap.js';
import { layerClustersConfig, renderLayerClusters } from '../../src/report/charts/layer-clusters.js';
import { componentTitle, pcaConfig, renderPca } from '../../src/report/charts/pca.js';
import { renderRwcClusters, rwcClustersConfig } from '../../src/report/charts/rwc-clusters.js';
import { renderScree, screeConfig } from '../../src/report/charts/scree.js';
import { fakeBanding, fakeCorrelation, fakeFilters } from './fixtures.js';
import { pngSize } from './png-header.js';

function assertChartPng(buf: Buffer, minWidth = 1000, minHeight = 600): void {
  const { width, height } = pngSize(buf);
  assert.ok(width >= minWidth && height >= minHeight, `PNG is ${width}x${height}`);
}

const X = ['0→1', '1→2', '2→3'];
const series = [
  { name: 'a', values: [0.5, 0.2, 0.1], cluster: 0 },
  { name: 'b', values: [0.4, 0.3, null], cluster: 0 },
  { name: 'c', values: [1e-4, 2e-4, 0], cluster: 1 },
  { name: 'stem', values: [0.1, 0.1, 0.1], cluster: null },
];

test('rwc-clusters: a PNG of at least 1000x600', () => {
  assertChartPng(renderRwcClusters({ title: 't', xLabels: X, series, valueLabel: 'RWC' }));
});

test('rwc-clusters: one legend entry per cluster, labelled with its size; log axis over 2 decades', () => {
  const config = rwcClustersConfig({ title: 't', xLabels: X, series, valueLabel: 'RWC' }) as any;
  const datasets = config.data.datasets;
  assert.equal(datasets.length, 4);
  const filter = config.options.plugins.legend.labels.filter;
  const shown = datasets.map((_: unknown, i: number) => filter({ datasetIndex: i })).map(Boolean);
  assert.deepEqual(shown, [true, false, true, true]);
  assert.deepEqual(
    datasets.filter((_: unknown, i: number) => shown[i]).map((d: any) => d.label),
    ['cluster 0 (2 layers)', 'cluster 1 (1 layer)', 'not clustered (1 layer)'],
  );
  assert.equal(config.options.scales.y.type, 'logarithmic');
  assert.match(config.options.scales.y.title.text, /log/);
  assert.deepEqual(datasets[2].data, [1e-4, 2e-4, null], 'zero has no place on a log axis');
});

test('rwc-clusters: linear axis when values span less than two decades', () => {
  const config = rwcClustersConfig({ title: 't', xLabels: X, series: series.slice(0, 2), valueLabel: 'RWC' }) as any;
  assert.equal(config.options.scales.y.type, 'linear');
  assert.doesNotMatch(config.options.scales.y.title.text, /log/);
});

test('cluster means: band datasets fill between min and max; PNG size', () => {
  const input = {
    title: 't',
    xLabels: X,
    clusters: [{ id: 0, size: 3, mean: [0.3, 0.2, 0.1], min: [0.2, 0.1, 0.05], max: [0.4, 0.3, 0.2] }],
    valueLabel: 'RWC',
  };
  assertChartPng(renderClusterMeans(input));
});

test('scree marks the chosen k with a distinct point and says so in the title', () => {
  const config = screeConfig({ title: 'Scree', inertia: [10, 4, 1, 0.8], chosenK: 3, how: 'auto' }) as any;
  const marker = config.data.datasets[1];
  assert.deepEqual(marker.data, [null, null, 1, null]);
  assert.equal(marker.label, 'chosen k = 3 (elbow)');
  assert.notEqual(marker.pointStyle, config.data.datasets[0].pointStyle);
  assert.match(config.options.plugins.title.text, /chosen k = 3/);
  assertChartPng(renderScree({ title: 'Scree', inertia: [10, 4, 1, 0.8], chosenK: 3, how: 'fixed' }));
});

test('pca: axes name the explained variance; names drawn only for <= 20 layers', () => {
  assert.equal(componentTitle(0, [0.873, 0.091]), 'PC1 (87.3% of variance)');
  assert.equal(componentTitle(1, [0.873]), 'PC2');
  const points = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `l${i}`, x: i, y: -i, cluster: i % 2 }));
  const few = pcaConfig({ title: 't', explainedVariance: [0.873, 0.091], points: points(20) }) as any;
  const many = pcaConfig({ title: 't', explainedVariance: [0.873, 0.091], points: points(21) }) as any;
  assert.equal(few.plugins.length, 1);
  assert.equal(many.plugins.length, 0);
  assert.equal(few.options.scales.x.title.text, 'PC1 (87.3% of variance)');
  assert.equal(few.data.datasets.length, 2);
  assertChartPng(renderPca({ title: 't', explainedVariance: [0.873, 0.091], points: points(12) }));
});

test('layer-clusters: tick labels are layer names for few layers; PNG size', () => {
  const layers = [
    { name: 'conv1', depth: 0, meanRwc: 0.2, cluster: 0 },
    { name: 'conv2', depth: 1, meanRwc: 0.01, cluster: 1 },
    { name: 'fc', depth: 2, meanRwc: null, cluster: null },
  ];
  const config = layerClustersConfig({ title: 't', layers, valueLabel: 'RWC' }) as any;
  assert.equal(config.options.scales.x.ticks.callback(1), 'conv2');
  assert.equal(config.options.scales.x.ticks.callback(0.5), '');
  assertChartPng(renderLayerClusters({ title: 't', layers, valueLabel: 'RWC' }));
});

test('heatmap: PNG for 12 and 500 layers, taller with more layers', () => {
  const make = (rows: number) => ({
    title: 'heat',
    rowLabels: Array.from({ length: rows }, (_, i) => `layer${i}`),
    columnLabels: X,
    values: Array.from({ length: rows }, (_, i) => [10 ** -(i % 5), null, 0.5]),
  });
  const small = pngSize(renderRwcHeatmap(make(12)));
  const big = pngSize(renderRwcHeatmap(make(500)));
  assert.ok(small.width >= 1000 && small.height >= 600);
  assert.ok(big.height >= 1000 && big.height > small.height, `500 rows: ${big.height}px`);
});

test('heatmap with no positive value still renders', () => {
  assertChartPng(renderRwcHeatmap({ title: 'h', rowLabels: ['a'], columnLabels: ['0→1'], values: [[null]] }));
});

test('changed-fraction: tol 0 drawn two decades left of the smallest tolerance and labelled "0"', () => {
  const fractions = { '0': 1, '1e-8': 0.99, '0.000001': 0.9, '0.0001': 0.5, '0.01': 0.1 };
  const config = changedFractionConfig({ title: 't', curves: [{ label: 'all', fractions }] }) as any;
  const data = config.data.datasets[0].data;
  assert.deepEqual(
    data.map((p: { x: number }) => p.x),
    [-10, -8, -6, -4, -2],
  );
  assert.deepEqual(
    data.map((p: { y: number }) => p.y),
    [1, 0.99, 0.9, 0.5, 0.1],
  );
  const label = config.options.scales.x.ticks.callback;
  assert.deepEqual([-10, -8, -6, -4, -2, -9].map(label), ['0', '1e-8', '1e-6', '1e-4', '1e-2', '']);
  assertChartPng(renderChangedFraction({ title: 't', curves: [{ label: 'all', fractions }, { label: 'conv', fractions }] }));
});

test('changed-by-layer and distance charts render', () => {
  const layers = Array.from({ length: 30 }, (_, i) => ({ name: `l${i}`, primitive: i % 2 ? 'conv' : 'norm', fraction: i / 30 }));
  assertChartPng(renderChangedByLayer({ title: 't', layers }));
  assertChartPng(renderDistance({ title: 'd', xTitle: 'epoch', xLabels: ['0', '1', '2'], l2: [0, 1, 2], l1: [0, 10, 20], kind: 'line' }));
  assertChartPng(renderDistance({ title: 'd', xTitle: 'pair', xLabels: ['0→5'], l2: [3], l1: [30], kind: 'bar' }));
});

test('feature correlation: checks the order, mean |r| off the diagonal, PNG', () => {
  const m = { layer: 'fc', size: 2, values: [1, -0.5, -0.5, 1] };
  assert.equal(meanAbsOffDiagonal(m), 0.5);
  assert.deepEqual(displayOrder({ ...m, order: [1, 0] }), [1, 0]);
  assert.throws(() => displayOrder({ ...m, order: [0, 0] }), /permutation/);
  assert.throws(() => displayOrder({ ...m, values: [1, 2, 3] }), /expected 2x2/);
  assertChartPng(renderFeatureCorrelation(fakeCorrelation(40)));
});

test('filters: channel mean, caps and size checks; PNG at least 1000x600', () => {
  const w = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // [1 out, 2 in, 2, 2]
  assert.deepEqual(Array.from(channelMeanKernel(w, [1, 2, 2, 2], 0)), [3, 4, 5, 6]);
  assertChartPng(renderFilters(fakeFilters(20, 1, 5, 4)!));
  assertChartPng(renderFilters(fakeFilters(512, 3, 3, 3)!));
  const bad = fakeFilters(4, 1, 3, 2)!;
  assert.throws(() => renderFilters({ ...bad, shape: [5, 1, 3, 3] }), /expected 45/);
});

test('banding: PNG at least 1000x600, rejects a tile of the wrong size', () => {
  assertChartPng(renderBanding(fakeBanding(40)!));
  assert.throws(() => renderBanding({ layer: 'x', tiles: [{ height: 2, width: 2, data: [0, 0, 0] }] }), /expected 2x2x3/);
});
