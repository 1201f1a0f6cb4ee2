import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChangedByLayer, renderChangedFraction, renderClusterMeans, renderDistance, renderLayerClusters, renderPca, renderRwcClusters, renderScree } from '../../src/report/charts/render-png.js';
import { renderBanding } from '../../src/report/charts/banding.js';
import { changedByLayerConfig } from '../../src/report/charts/changed-by-layer.js';
import { changedFractionConfig } from '../../src/report/charts/changed-fraction.js';
import { displayOrder, renderFeatureCorrelation } from '../../src/report/charts/feature-correlation.js';
import { distanceConfig, MAX_BAR_PX } from '../../src/report/charts/distances.js';
import { channelMeanKernel, renderFilters, tilesPerLine, tileScale } from '../../src/report/charts/filters.js';
import { logBarTicks, renderRwcHeatmap } from '../../src/report/charts/rwc-heatmap.js';
import { layerClustersConfig } from '../../src/report/charts/layer-clusters.js';
import { axisScaleNote, componentTitle, pcaConfig } from '../../src/report/charts/pca.js';
import { MAX_END_LABELS, rwcClustersConfig } from '../../src/report/charts/rwc-clusters.js';
import { screeConfig } from '../../src/report/charts/scree.js';
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
  assertChartPng(renderRwcClusters({ title: 't', xLabels: X, xTitle: 'epoch transition', series, valueLabel: 'RWC' }));
});

test('rwc-clusters: one legend entry per cluster, labelled with its size; log axis over 2 decades', () => {
  const config = rwcClustersConfig({ title: 't', xLabels: X, xTitle: 'epoch transition', series, valueLabel: 'RWC' }) as any;
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

test('rwc-clusters: lines are named at their right end for a few layers, not for many', () => {
  const few = rwcClustersConfig({ title: 't', xLabels: X, xTitle: 'epoch transition', series, valueLabel: 'RWC' }) as any;
  assert.equal(few.plugins.length, 1);
  assert.ok(few.options.layout.padding.right >= 40 + 7 * 'stem'.length, 'room for the names on the right');
  const many = Array.from({ length: MAX_END_LABELS + 1 }, (_, i) => ({ name: `l${i}`, values: [0.1, 0.2, 0.1], cluster: i % 2 }));
  assert.equal((rwcClustersConfig({ title: 't', xLabels: X, xTitle: 'epoch transition', series: many, valueLabel: 'RWC' }) as any).plugins.length, 0);
});

test('rwc-clusters: linear axis when values span less than two decades', () => {
  const config = rwcClustersConfig({ title: 't', xLabels: X, xTitle: 'epoch transition', series: series.slice(0, 2), valueLabel: 'RWC' }) as any;
  assert.equal(config.options.scales.y.type, 'linear');
  assert.doesNotMatch(config.options.scales.y.title.text, /log/);
});

test('cluster means: band datasets fill between min and max; PNG size', () => {
  const input = {
    title: 't',
    xLabels: X,
    xTitle: 'epoch transition',
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
  assert.equal(componentTitle(1, [0.9998, 0.0002]), 'PC2 (< 0.1% of variance)', 'not "0.0%"');
  assert.equal(componentTitle(0, [0.9998, 0.0002]), 'PC1 (> 99.9% of variance)', 'not "100.0%"');
  const points = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `l${i}`, x: i, y: -i, cluster: i % 2 }));
  const few = pcaConfig({ title: 't', explainedVariance: [0.873, 0.091], points: points(20) }) as any;
  const many = pcaConfig({ title: 't', explainedVariance: [0.873, 0.091], points: points(21) }) as any;
  assert.equal(few.plugins.length, 1);
  assert.equal(many.plugins.length, 0);
  assert.equal(few.options.scales.x.title.text, 'PC1 (87.3% of variance)');
  assert.equal(few.data.datasets.length, 2);
  assertChartPng(renderPca({ title: 't', explainedVariance: [0.873, 0.091], points: points(12) }));
});

test('pca: says so when the axes are scaled very differently', () => {
  const flat = [{ x: -0.004, y: 1e-5 }, { x: 0.017, y: -6e-5 }, { x: 0.002, y: 1.9e-4 }];
  assert.match(axisScaleNote(flat), /PC2 spread is only 1% of the PC1 spread/);
  assert.equal(axisScaleNote([{ x: 0, y: 0 }, { x: 1, y: 0.5 }]), '');
  const config = pcaConfig({ title: 't', explainedVariance: [0.99, 0.01], points: flat.map((p, i) => ({ ...p, name: `l${i}`, cluster: 0 })) }) as any;
  assert.equal(config.options.plugins.subtitle.display, true);
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
  // The axis runs from -0.5 to 2.5; its ticks must sit on the layers, or no name is ever drawn.
  const axis = { ticks: [{ value: -0.5 }, { value: 0.5 }, { value: 1.5 }] };
  config.options.scales.x.afterBuildTicks(axis);
  assert.deepEqual(axis.ticks.map((t: { value: number }) => t.value), [0, 1, 2]);
  assertChartPng(renderLayerClusters({ title: 't', layers, valueLabel: 'RWC' }));
});

test('heatmap: PNG for 12 and 500 layers, taller with more layers', () => {
  const make = (rows: number) => ({
    title: 'heat',
    rowLabels: Array.from({ length: rows }, (_, i) => `layer${i}`),
    columnLabels: X,
    xTitle: 'epoch transition',
    values: Array.from({ length: rows }, (_, i) => [10 ** -(i % 5), null, 0.5]),
  });
  const small = pngSize(renderRwcHeatmap(make(12)));
  const big = pngSize(renderRwcHeatmap(make(500)));
  assert.ok(small.width >= 1000 && small.height >= 600);
  assert.ok(big.height >= 1000 && big.height > small.height, `500 rows: ${big.height}px`);
});

test('heatmap with no positive value still renders; a few layers give a short image, not a mostly blank one', () => {
  const one = pngSize(renderRwcHeatmap({ title: 'h', rowLabels: ['a'], columnLabels: ['0→1'], xTitle: 'epoch transition', values: [[null]] }));
  assert.ok(one.width >= 1000 && one.height < 600, `${one.width}x${one.height}: as tall as its content`);
  const four = renderRwcHeatmap({
    title: 'h',
    rowLabels: ['conv1', 'conv2', 'fc1', 'fc2'],
    columnLabels: ['0→1', '1→2'],
    xTitle: 'epoch transition',
    values: [[0.01, 0.02], [0.005, 0.004], [0.03, 0.02], [0.01, null]],
  });
  // Four rows of 48 px (rowHeightFor caps at 48) between a 70 px top and a 90 px bottom margin: no empty band.
  assert.equal(pngSize(four).height, 70 + 4 * 48 + 90);
});

test('heatmap colour bar: 1-2-5 ticks for a range of a few decades, powers of ten beyond', () => {
  assert.deepEqual(logBarTicks(0.0047, 0.048), [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5]);
  assert.deepEqual(logBarTicks(1e-6, 1), [1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 1]);
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

test('changed-by-layer legend: "1 layer", not "1 layers"', () => {
  const config = changedByLayerConfig({
    title: 't',
    layers: [
      { name: 'a', primitive: 'conv', fraction: 1 },
      { name: 'b', primitive: 'linear', fraction: 0.5 },
      { name: 'c', primitive: 'linear', fraction: 0.4 },
    ],
  }) as any;
  const labels = config.options.plugins.legend.labels.generateLabels().map((l: { text: string }) => l.text);
  assert.deepEqual(labels, ['conv (1 layer)', 'linear (2 layers)']);
});

test('changed-by-layer and distance charts render', () => {
  const layers = Array.from({ length: 30 }, (_, i) => ({ name: `l${i}`, primitive: i % 2 ? 'conv' : 'norm', fraction: i / 30 }));
  assertChartPng(renderChangedByLayer({ title: 't', layers }));
  assertChartPng(renderDistance({ title: 'd', xTitle: 'epoch', xLabels: ['0', '1', '2'], l2: [0, 1, 2], l1: [0, 10, 20], kind: 'line' }));
  assertChartPng(renderDistance({ title: 'd', xTitle: 'pair', xLabels: ['0→5'], l2: [3], l1: [30], kind: 'bar' }));
});

test('distance bars: a single pair gives two narrow labelled bars side by side and a note, not two huge blocks', () => {
  const config = distanceConfig({ title: 'd', note: 'only one pair', xTitle: 'pair', xLabels: ['0→4'], l2: [0.71], l1: [224], kind: 'bar' }) as any;
  assert.equal(config.data.datasets[0].maxBarThickness, MAX_BAR_PX);
  assert.ok(config.data.datasets[0].categoryPercentage <= 0.2);
  assert.equal(config.plugins.length, 1, 'values written on the bars');
  assert.equal(config.options.plugins.subtitle.text, 'only one pair');
  const line = distanceConfig({ title: 'd', xTitle: 'epoch', xLabels: ['0', '1'], l2: [0, 1], l1: [0, 9], kind: 'line' }) as any;
  assert.equal(line.plugins.length, 0);
  assert.equal(line.options.plugins.subtitle.display, false);
});

test('feature correlation: checks the order, PNG', () => {
  const m = { layer: 'fc', size: 2, values: [1, -0.5, -0.5, 1] };
  assert.deepEqual(displayOrder({ ...m, order: [1, 0] }), [1, 0]);
  assert.throws(() => displayOrder({ ...m, order: [0, 0] }), /permutation/);
  assert.throws(() => displayOrder({ ...m, values: [1, 2, 3] }), /expected 2x2/);
  assertChartPng(renderFeatureCorrelation(fakeCorrelation(40)));
});

test('filters: channel mean, caps and size checks; LeNet-size layer in one line per epoch with large tiles', () => {
  const w = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // [1 out, 2 in, 2, 2]
  assert.deepEqual(Array.from(channelMeanKernel(w, [1, 2, 2, 2], 0)), [3, 4, 5, 6]);
  // 20 filters of 5x5 (LeNet conv1): 45 px tiles, all 20 in one line per epoch.
  assert.equal(tileScale(5, 5, 48) * 5, 45);
  assert.equal(tilesPerLine(20, 62), 20);
  // 64 sampled filters: two balanced lines of 32, not 29 + 29 + 6.
  assert.equal(tilesPerLine(64, 62), 32);
  const lenet = pngSize(renderFilters(fakeFilters(20, 1, 5, 4)!));
  assert.ok(lenet.width >= 1000 && lenet.width <= 1600 && lenet.height >= 600, `${lenet.width}x${lenet.height}`);
  assert.ok(lenet.height <= 600, `4 epochs of 20 filters take one line each: ${lenet.height}px`);
  assertChartPng(renderFilters(fakeFilters(512, 3, 3, 3)!), 1000, 600);
  const bad = fakeFilters(4, 1, 3, 2)!;
  assert.throws(() => renderFilters({ ...bad, shape: [5, 1, 3, 3] }), /expected 45/);
});

test('banding: PNG of a sensible size (with and without neuron indices), rejects a tile of the wrong size', () => {
  assertChartPng(renderBanding(fakeBanding(40)!), 1000, 600);
  const sampled = fakeBanding(8)!;
  assertChartPng(renderBanding({ ...sampled, neurons: [0, 9, 18, 27, 36, 45, 54, 63] }), 1000, 600);
  assert.throws(() => renderBanding({ layer: 'x', tiles: [{ height: 2, width: 2, data: [0, 0, 0] }] }), /expected 2x2x3/);
});
