import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDivergingHeatmap, symmetricLimit } from '../../src/diff/charts/diverging-heatmap.js';
import { divergingCellColor } from '../../src/report/charts/matrix-heatmap.js';
import { renderChartPng } from '../../src/report/chart-canvas.js';
import { edgePadding, layerMeansConfig } from '../../src/report/charts/layer-rwc-a-vs-b.js';
import { matchedColumnOrder, rwcDifference } from '../../src/diff/charts/plan.js';
import { renderRwcSideBySide } from '../../src/diff/charts/rwc-side-by-side.js';
import { panelConfig } from '../../src/report/charts/rwc-pair.js';
import { niceCeil, sharedScale } from '../../src/report/charts/shared-scale.js';
import type { DiffLayer } from '../../src/diff/types.js';
import { MISSING_COLOR } from '../../src/report/colors.js';
import { pngSize } from '../report/png-header.js';

test('niceCeil rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
  assert.equal(niceCeil(0.87), 1);
  assert.equal(niceCeil(1), 1);
  assert.equal(niceCeil(3), 5);
  assert.equal(niceCeil(2.2), 2.5);
  assert.equal(niceCeil(0.12), 0.2);
  assert.equal(niceCeil(600), 1000);
});

test('sharedScale: linear from 0 (or a round negative) to a round maximum, log over more than 2 decades', () => {
  assert.deepEqual(sharedScale([0.1, 0.45, null]), { log: false, min: 0, max: 0.5 });
  assert.deepEqual(sharedScale([-0.3, 0.7]), { log: false, min: -0.5, max: 1 });
  assert.deepEqual(sharedScale([0.002, 0.5, 3]), { log: true, min: 0.001, max: 10 });
  assert.deepEqual(sharedScale([]), { log: false, min: 0, max: 1 });
  assert.deepEqual(sharedScale([0, 0]), { log: false, min: 0, max: 1 });
});

test('both side-by-side panels get the same y-axis, whatever their own ranges', () => {
  const panel = (values: (number | null)[]) => ({
    title: 't',
    xLabels: ['0→1', '1→2', '2→3'],
    xTitle: 'epoch transition',
    series: [{ name: 'L', values, cluster: 0 }],
    valueLabel: 'RWC',
  });
  const small = panel([0.001, 0.002, 0]);
  const large = panel([0.5, 2, 1]);
  const scale = sharedScale([...small.series[0].values, ...large.series[0].values]);
  assert.deepEqual(scale, { log: true, min: 0.001, max: 10 });
  for (const p of [small, large]) {
    const y = (panelConfig(p, scale).options!.scales as Record<string, { type: string; min: number; max: number }>).y;
    assert.deepEqual([y.type, y.min, y.max], ['logarithmic', 0.001, 10]);
  }
  // On a log axis the 0 has no place and becomes a gap.
  assert.deepEqual(panelConfig(small, scale).data.datasets[0].data, [0.001, 0.002, null]);
});

test('rwcDifference is RWC_A - RWC_B of the raw series, null where either is null', () => {
  const layer = { rwcA: [0.5, null, 0.25, 1], rwcB: [0.25, 0.1, null, 1.5], rwcClippedA: [9, 9, 9, 9], rwcClippedB: [1, 1, 1, 1] } as DiffLayer;
  assert.deepEqual(rwcDifference(layer), [0.25, null, null, -0.5]);
});

test('matchedColumnOrder puts B\'s row matched to A\'s row i at column i, unmatched rows last', () => {
  assert.deepEqual(matchedColumnOrder([1, 3, 0, 2], 4), [1, 3, 0, 2]);
  assert.deepEqual(matchedColumnOrder([2, -1], 3), [2, 0, 1]);
});

test('diverging colours: symmetric limit, ends of the scale, grey for no value', () => {
  assert.equal(symmetricLimit([-0.5, 0.2, null, NaN]), 0.5);
  assert.equal(symmetricLimit([0, 0]), 1, 'all zero: 0 stays in the middle of a unit scale');
  assert.deepEqual(divergingCellColor(0.5, 0.5), [103, 0, 31]);
  assert.deepEqual(divergingCellColor(-2, 0.5), [5, 48, 97], 'beyond the limit: the end colour');
  assert.deepEqual(divergingCellColor(0, 0.5), [247, 247, 247]);
  assert.deepEqual(divergingCellColor(null, 1), MISSING_COLOR);
});

test('the charts are PNGs of at least 1000x600', () => {
  const heatmap = renderDivergingHeatmap({
    title: 'h',
    rowLabels: ['a', 'b'],
    columnLabels: ['0→1', '1→2', '2→3'],
    values: [
      [0.1, -0.2, null],
      [0, 0.3, -0.3],
    ],
    limit: 0.3,
    xTitle: 'x',
    yTitle: 'y',
    valueTitle: 'v',
  });
  assert.deepEqual(pngSize(heatmap), { width: 1200, height: 620 });
  const means = renderChartPng(layerMeansConfig({
    title: 'm',
    layers: ['conv1', 'fc1'],
    meanA: [0.1, 0.2],
    meanB: [0.15, null],
    labelA: 'A',
    labelB: 'B',
    valueLabel: 'RWC',
  }));
  assert.deepEqual(pngSize(means), { width: 1200, height: 700 });
  const panel = { title: 'p', xLabels: ['0→1', '1→2'], xTitle: 'epoch transition', series: [{ name: 'L', values: [0.1, 0.2], cluster: 0 }], valueLabel: 'RWC' };
  assert.deepEqual(pngSize(renderRwcSideBySide('s', [panel, panel])), { width: 2000, height: 700 });
});

test('layer means: the first slanted label has room left of the plot, and points sit inside their bands', () => {
  const long = 'features.0.conv / layer1.0.conv1';
  const config = layerMeansConfig({ title: 't', layers: [long, 'fc'], meanA: [0.1, 0.2], meanB: [0.2, 0.1], labelA: 'A', labelB: 'B', valueLabel: 'RWC' }) as any;
  // The label is cut to 24 characters; at 45° about 7/√2 px per character reach left of its tick.
  assert.equal(config.data.labels[0].length, 24);
  assert.equal(config.options.layout.padding.left, Math.round((24 * 7) / Math.SQRT2));
  assert.equal(config.options.scales.x.offset, true);
  assert.equal(edgePadding('x'.repeat(100)), 170, 'capped');
});
