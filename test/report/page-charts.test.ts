import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChartConfiguration } from 'chart.js';
import { planCharts } from '../../src/report/chart-plan.js';
import { changedByLayerConfig } from '../../src/report/charts/changed-by-layer.js';
import { changedFractionConfig } from '../../src/report/charts/changed-fraction.js';
import { distanceConfig } from '../../src/report/charts/distances.js';
import { layerClustersConfig } from '../../src/report/charts/layer-clusters.js';
import { layerMeansConfig, type LayerMeansInput } from '../../src/report/charts/layer-rwc-a-vs-b.js';
import { pcaConfig } from '../../src/report/charts/pca.js';
import { roleGroupMeansConfig } from '../../src/report/charts/role-group-means.js';
import { rwcClustersConfig, type RwcClustersInput } from '../../src/report/charts/rwc-clusters.js';
import { clusterMeansConfig } from '../../src/report/charts/rwc-cluster-means.js';
import { pairScale, panelConfig, type RwcPairInput } from '../../src/report/charts/rwc-pair.js';
import { screeConfig } from '../../src/report/charts/scree.js';
import { trainingConfig } from '../../src/report/charts/training.js';
import { PAGE_CHART_KINDS } from '../../src/report/page/chart-kinds.js';
import { pageScriptSource } from '../../src/report/page/page-script.js';
import { renderIndexHtml } from '../../src/report/html.js';
import type { PageChart } from '../../src/report/types.js';
import { fakeSummary, fakeTransformerSummary } from './fixtures.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** What each page chart kind's PNG is rendered from (charts/render-png.ts, diff/charts/*). */
const PNG_CONFIG: Record<string, (input: Any, panel: number) => ChartConfiguration> = {
  'rwc-lines': (i) => rwcClustersConfig(i),
  'cluster-means': (i) => clusterMeansConfig(i),
  scree: (i) => screeConfig(i),
  pca: (i) => pcaConfig(i),
  'layer-clusters': (i) => layerClustersConfig(i),
  'changed-fraction': (i) => changedFractionConfig(i),
  'changed-by-layer': (i) => changedByLayerConfig(i),
  distance: (i) => distanceConfig(i),
  training: (i) => trainingConfig(i),
  'layer-means': (i) => layerMeansConfig(i),
  'role-groups': (i) => roleGroupMeansConfig(i),
  'rwc-pair': (i: RwcPairInput, panel) => panelConfig(i.panels[panel], pairScale(i.panels)),
};

/** The parts of a configuration that survive JSON: chart type, labels, datasets, axes (functions dropped). */
function serializable(config: ChartConfiguration): unknown {
  return JSON.parse(JSON.stringify({ type: config.type, data: config.data, scales: config.options?.scales }));
}

function rwcPanel(values: number[][], clusters: (number | null)[]): RwcClustersInput {
  return {
    title: 't',
    xLabels: values[0].map((_, i) => `${i}→${i + 1}`),
    xTitle: 'epoch transition',
    valueLabel: 'RWC',
    series: values.map((v, i) => ({ name: `layer${i}`, values: v, cluster: clusters[i] })),
  };
}

/** Every page chart of a CNN run with training history, a transformer run, and the two diff charts. */
function pageCharts(): PageChart[] {
  const cnn = fakeSummary({ layers: 12, epochs: 6 });
  cnn.training = {
    epochs: [1, 2, 3],
    trainLoss: [2, 1.2, 0.9],
    testLoss: [2.1, 1.4, null],
    trainAccuracy: [0.3, 0.6, 0.7],
    testAccuracy: [0.28, 0.55, 0.66],
  } as Any;
  const gpt = fakeTransformerSummary({ blocks: 3, checkpoints: 5 });
  const fromPlans = [...planCharts(cnn), ...planCharts(gpt)].flatMap((e) => (e.page ? [e.page] : []));
  const means: LayerMeansInput = { title: 'm', layers: ['conv1', 'fc1', 'fc2'], meanA: [0.1, 0.02, 3e-4], meanB: [0.2, null, 0.001], labelA: 'A', labelB: 'B', valueLabel: 'RWC' };
  const pair: RwcPairInput = { panels: [rwcPanel([[0.1, 0.2], [0.001, 0.002]], [0, 1]), rwcPanel([[0.3, 0.05]], [null])] };
  return [...fromPlans.filter((p) => p.kind !== 'block-roles'), { kind: 'layer-means', input: means }, { kind: 'rwc-pair', input: pair }];
}

test('page charts: every kind the page draws has the configuration its PNG has (data, datasets, axes)', () => {
  assert.deepEqual(Object.keys(PAGE_CHART_KINDS).sort(), Object.keys(PNG_CONFIG).sort(), 'each page kind has a PNG to compare with');
  const charts = pageCharts();
  assert.deepEqual([...new Set(charts.map((c) => c.kind))].sort(), Object.keys(PAGE_CHART_KINDS).sort(), 'the inputs cover every kind');
  for (const chart of charts) {
    const panels = chart.kind === 'rwc-pair' ? [0, 1] : [0];
    for (const panel of panels) {
      const page = PAGE_CHART_KINDS[chart.kind].build(chart.input, { page: true }, panel);
      const png = PNG_CONFIG[chart.kind](chart.input, panel);
      assert.deepEqual(serializable(page), serializable(png), `${chart.kind} panel ${panel}`);
      // Only the page has tooltips of its own.
      assert.equal(png.options?.plugins?.tooltip, undefined, chart.kind);
      assert.equal(typeof (page.options?.plugins?.tooltip as Any)?.callbacks?.label, 'function', chart.kind);
    }
  }
});

test('page charts: the log axis above two decades, thin lines above 40 series, on the page as in the PNG', () => {
  const build = (values: number[][]) => PAGE_CHART_KINDS['rwc-lines'].build(rwcPanel(values, values.map(() => 0)), { page: true }, 0) as Any;
  // 1e-3 .. 0.5: log10(500) = 2.7 decades; 1e-2 .. 0.5: 1.7 decades.
  assert.equal(build([[1e-3, 0.5]]).options.scales.y.type, 'logarithmic');
  assert.equal(build([[1e-2, 0.5]]).options.scales.y.type, 'linear');
  const forty = build(Array.from({ length: 40 }, (_, i) => [0.1 + i / 100, 0.2]));
  const fortyOne = build(Array.from({ length: 41 }, (_, i) => [0.1 + i / 100, 0.2]));
  assert.equal(forty.data.datasets[0].borderWidth, 2);
  assert.equal(fortyOne.data.datasets[0].borderWidth, 1);
  assert.equal(fortyOne.data.datasets[0].borderColor, 'rgba(31, 119, 180, 0.45)', 'cluster 0 blue (#1f77b4), translucent');
});

test('page charts: the log/linear switch rebuilds the chart on the other scale, keeping the raw values', () => {
  const input = rwcPanel([[1e-3, 0.5, 0]], [0]);
  const kind = PAGE_CHART_KINDS['rwc-lines'];
  const log = kind.build(input, { page: true }, 0) as Any;
  const linear = kind.build(input, { page: true, log: false }, 0) as Any;
  assert.equal(log.options.scales.y.type, 'logarithmic');
  assert.deepEqual(log.data.datasets[0].data, [1e-3, 0.5, null], 'zero has no place on a log axis');
  assert.equal(linear.options.scales.y.type, 'linear');
  assert.deepEqual(linear.data.datasets[0].data, [1e-3, 0.5, 0]);
  assert.equal(linear.options.scales.y.title.text, 'RWC');
  assert.equal(log.options.scales.y.title.text, 'RWC — log scale');
});

test('page script: the bundle is one browser file, inlined into index.html after chart.js', () => {
  const script = pageScriptSource();
  assert.ok(script.length > 1000);
  assert.doesNotMatch(script, /\brequire\(|^import |^export /m, 'no module syntax left');
  assert.doesNotMatch(script, /<\/script/i);
  const summary = fakeSummary({ layers: 4, epochs: 3 });
  const html = renderIndexHtml(summary, [], planCharts(summary));
  const at = html.indexOf(script);
  assert.ok(at > 0, 'the page carries the bundle');
  assert.ok(html.lastIndexOf('Chart.js v', at) > 0, 'chart.js comes first');
});
