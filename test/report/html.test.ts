import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml } from '../../src/report/html-escape.js';
import { planCharts } from '../../src/report/chart-plan.js';
import { renderIndexHtml } from '../../src/report/html.js';
import { sparklineSegments, sparklineSvg } from '../../src/report/sparkline.js';
import { fakeExtras, fakeSummary } from './fixtures.js';

const HOSTILE = `<script>alert(1)</script>&"'`;

test('escapeHtml escapes the five special characters', () => {
  assert.equal(escapeHtml(HOSTILE), '&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
});

test('index.html escapes hostile layer, run, warning and tensor names everywhere, also in the embedded data', () => {
  const s = fakeSummary({ layers: 5, epochs: 4, names: [HOSTILE] });
  s.run.dir = `runs/${HOSTILE}`;
  s.warnings.push(`bad ${HOSTILE}`);
  s.unmatched.push({ tensor: HOSTILE, file: HOSTILE, reason: HOSTILE });
  s.clustering.all!.clusters[0].layers[0] = HOSTILE;
  const html = renderIndexHtml(s, [], planCharts(s));
  assert.ok(!html.includes(HOSTILE), 'the raw name never appears');
  assert.doesNotMatch(html, /alert\(1\)<\/script>/);
  const escaped = escapeHtml(HOSTILE);
  const count = html.split(escaped).length - 1;
  // run dir (title + heading + table), warning, unmatched x3, layers table (title + full name), at least 8
  assert.ok(count >= 8, `escaped name found ${count} times`);
  // In the JSON data the "<" is written as \u003c, so the data cannot close its <script> element.
  const data = html.slice(html.indexOf('<script type="application/json" id="ws-data">'));
  const json = data.slice(data.indexOf('>') + 1, data.indexOf('</script>'));
  assert.ok(json.includes('\\u003cscript>alert(1)\\u003c/script>'));
  const parsed = JSON.parse(json) as { layers: { name: string }[] };
  assert.equal(parsed.layers[0].name, HOSTILE, 'the data still holds the real name');
});

test('index.html: findings first, then the sections, one sortable table row per layer, only written PNGs linked', () => {
  const s = fakeSummary({ layers: 7, epochs: 5 });
  const html = renderIndexHtml(s, ['rwc-clusters.png', 'filters.png'], planCharts(s, fakeExtras(false)));
  const at = (id: string) => html.search(new RegExp(`<section id="${id}"[ >]`));
  const ids = ['findings', 'main', 'clustering', 'primitives', 'dynamics', 'features', 'layers', 'run', 'options', 'warnings'];
  for (const id of ids) assert.ok(at(id) > 0, id);
  assert.deepEqual([...ids].sort((a, b) => at(a) - at(b)), ids, 'sections in reading order');
  assert.ok(html.indexOf('<ul class="findings">') < html.indexOf('<canvas'), 'findings before the first chart');
  // Interactive charts: a canvas each, a PNG link only where the PNG was written; image charts only when written.
  assert.match(html, /<figure id="fig-rwc-clusters" class="chart">.*<a class="png" href="rwc-clusters\.png">PNG<\/a>.*<canvas data-chart="0"/);
  assert.doesNotMatch(html, /href="scree\.png"/);
  assert.match(html, /<canvas data-chart="\d+" role="img" aria-label="All layers: scree curve"/);
  assert.match(html, /<img src="filters\.png"/);
  assert.doesNotMatch(html, /<img src="banding\.png"/, 'image chart not written: left out');
  assert.match(html, /<th scope="row">outliers<\/th><td>row<\/td>/);
  assert.match(html, /epoch-004\.onnx/);
  assert.match(html, /onnx::Conv_123/);
  assert.match(html, /PC1 87\.3%/);
  const layerTable = html.slice(at('layers'), at('run'));
  assert.match(layerTable, /<table id="layer-table" class="layers sortable">/);
  assert.match(layerTable, /<input type="search" data-filter="layer-table"/);
  assert.equal((layerTable.match(/<svg class="spark"/g) ?? []).length, 7);
  assert.equal((layerTable.match(/<tr data-search=/g) ?? []).length, 7);
  assert.doesNotMatch(html, /(src|href)="https?:\/\//, 'no external resources');
  assert.match(html, /Chart\.js v4\.\d+\.\d+[\s\S]*Released under the MIT License/, 'chart.js inlined with its licence banner');
  // The embedded chart data holds one entry per canvas, in canvas order.
  const data = JSON.parse(html.slice(html.indexOf('id="ws-data">') + 13, html.indexOf('</script>', html.indexOf('id="ws-data">')))) as { charts: { kind: string }[] };
  const canvases = [...html.matchAll(/<canvas data-chart="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(canvases, data.charts.map((_, i) => i));
  assert.equal(data.charts[0].kind, 'rwc-lines');
});

test('sparkline breaks at nulls and scales into the box', () => {
  const segments = sparklineSegments([1, 2, null, 3, 4], 100, 20);
  assert.equal(segments.length, 2);
  const points = segments.flatMap((s) => s.split(' ').map((p) => p.split(',').map(Number)));
  assert.equal(points.length, 4);
  for (const [x, y] of points) {
    assert.ok(x >= 0 && x <= 100 && y >= 0 && y <= 20, `${x},${y}`);
  }
  assert.ok(points[0][1] > points[3][1], 'larger values are drawn higher (smaller y)');
  assert.deepEqual(sparklineSegments([null, null]), []);
});

test('sparklineSvg draws a lone value as a dot', () => {
  const svg = sparklineSvg([null, 0.5, null]);
  assert.match(svg, /<circle /);
  assert.doesNotMatch(svg, /<polyline/);
});

test('index.html explains each chart above it, shows a notice for warnings, groups large numbers', () => {
  const s = fakeSummary({ layers: 7, epochs: 5 });
  s.warnings = ['layer x: zero weights'];
  s.unmatched = [];
  s.run.checkpoints[0].bytes = 1725468;
  const html = renderIndexHtml(s, ['rwc-clusters.png', 'rwc-heatmap.png', 'filters.png'], planCharts(s, fakeExtras(false)));
  assert.match(html, /<figcaption><strong>All layers: RWC per layer, coloured by cluster\.<\/strong> Each line is one layer/);
  assert.match(html, /<figcaption><strong>[^<]*\.<\/strong> One row per layer[^<]*log scale/);
  assert.match(html, /<figcaption><strong>[^<]*\.<\/strong> The first conv layer/);
  assert.ok(html.indexOf('<figcaption><strong>All layers: RWC') < html.indexOf('<canvas data-chart="0"'), 'the explanation comes before the chart');
  assert.match(html, /<p class="alert">⚠ 1 warning: see <a href="#warnings">/);
  assert.match(html, /<div class="warn"><ul><li>layer x: zero weights<\/li>/);
  assert.match(html, /1,725,468/);
  const quiet = fakeSummary({ layers: 7, epochs: 5 });
  quiet.warnings = [];
  quiet.unmatched = [];
  assert.doesNotMatch(renderIndexHtml(quiet, []), /class="alert"/);
});
