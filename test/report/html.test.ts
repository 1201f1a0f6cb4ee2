import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml } from '../../src/report/html-escape.js';
import { renderIndexHtml } from '../../src/report/html.js';
import { sparklineSegments, sparklineSvg } from '../../src/report/sparkline.js';
import { fakeSummary } from './fixtures.js';

const HOSTILE = `<script>alert(1)</script>&"'`;

test('escapeHtml escapes the five special characters', () => {
  assert.equal(escapeHtml(HOSTILE), '&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
});

test('index.html escapes hostile layer, run, warning and tensor names everywhere', () => {
  const s = fakeSummary({ layers: 5, epochs: 4, names: [HOSTILE] });
  s.run.dir = `runs/${HOSTILE}`;
  s.warnings.push(`bad ${HOSTILE}`);
  s.unmatched.push({ tensor: HOSTILE, file: HOSTILE, reason: HOSTILE });
  s.clustering.all!.clusters[0].layers[0] = HOSTILE;
  const html = renderIndexHtml(s, []);
  assert.doesNotMatch(html, /<script>/);
  assert.doesNotMatch(html, /alert\(1\)<\/script>/);
  const escaped = escapeHtml(HOSTILE);
  const count = html.split(escaped).length - 1;
  // run dir (title + heading + table), warning, unmatched x3, cluster members, layers table, features? at least 8
  assert.ok(count >= 8, `escaped name found ${count} times`);
});

test('index.html has the sections, the options, one table row per layer, and only written charts', () => {
  const s = fakeSummary({ layers: 7, epochs: 5 });
  const html = renderIndexHtml(s, ['rwc-clusters.png', 'scree.png']);
  for (const id of ['run', 'options', 'warnings', 'clustering', 'primitives', 'dynamics', 'features', 'layers']) {
    assert.match(html, new RegExp(`<section id="${id}">`));
  }
  assert.match(html, /<img src="rwc-clusters\.png"/);
  assert.match(html, /<img src="scree\.png"/);
  assert.doesNotMatch(html, /<img src="pca\.png"/);
  assert.match(html, /<th scope="row">outliers<\/th><td>row<\/td>/);
  assert.match(html, /epoch-004\.onnx/);
  assert.match(html, /onnx::Conv_123/);
  assert.match(html, /PC1 87\.3%/);
  const layerTable = html.slice(html.indexOf('<section id="layers">'));
  assert.equal((layerTable.match(/<svg class="spark"/g) ?? []).length, 7);
  assert.doesNotMatch(html, /https?:\/\//, 'no external resources');
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
  const html = renderIndexHtml(s, ['rwc-clusters.png', 'rwc-heatmap.png', 'filters.png']);
  assert.match(html, /<figcaption><strong>All layers: RWC per layer, coloured by cluster\.<\/strong> Each line is one layer/);
  assert.match(html, /<figcaption><strong>[^<]*\.<\/strong> One row per layer[^<]*log scale/);
  assert.match(html, /<figcaption><strong>[^<]*\.<\/strong> The first conv layer/);
  assert.ok(html.indexOf('<figcaption>') < html.indexOf('<img src="rwc-clusters.png"'), 'the explanation comes before the chart');
  assert.match(html, /<p class="alert">⚠ 1 warning: see <a href="#warnings">/);
  assert.match(html, /<div class="warn"><ul><li>layer x: zero weights<\/li>/);
  assert.match(html, /1,725,468/);
  const quiet = fakeSummary({ layers: 7, epochs: 5 });
  quiet.warnings = [];
  quiet.unmatched = [];
  assert.doesNotMatch(renderIndexHtml(quiet, []), /class="alert"/);
});
