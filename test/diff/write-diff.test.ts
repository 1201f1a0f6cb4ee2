import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { diffRuns } from '../../src/diff/diff-runs.js';
import { writeDiff } from '../../src/diff/write-diff.js';
import { pngSize } from '../report/png-header.js';
import { CONV1, FC1, FC2, FC3, scratch, writeRun } from './tiny-runs.js';

const options = { ...DEFAULT_ANALYZE_OPTIONS, k: 2 as const };
const DIFF_CHARTS = ['rwc-side-by-side.png', 'layer-rwc-a-vs-b.png', 'rwc-diff-heatmap.png', 'feature-cross-correlation.png'];

test('writeDiff writes diff.json, the page, four charts and both runs\' reports, names escaped', async (t) => {
  const root = scratch(t);
  const oddConv = { ...CONV1, name: 'conv<i>&"1"' };
  const a = writeRun(root, 'a', { checkpoints: 4, layers: [oddConv, FC1, FC2] });
  const b = writeRun(root, 'b', { checkpoints: 3, layers: [oddConv, FC1, FC2, FC3] });
  const out = join(root, 'reports', 'a-vs-b');
  const written = await writeDiff(out, await diffRuns(a, b, options), options.formats);

  assert.deepEqual(readdirSync(out).sort(), ['a', 'b', 'diff.json', 'index.html', ...DIFF_CHARTS].sort());
  assert.deepEqual(readdirSync(dirname(out)), ['a-vs-b'], 'no temporary directory left');
  for (const side of ['a', 'b']) {
    const files = readdirSync(join(out, side));
    for (const f of ['index.html', 'summary.json', 'rwc.csv', 'rwc-clusters.png']) assert.ok(files.includes(f), `${side}/${f}`);
  }
  const json = JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8'));
  assert.deepEqual(json, JSON.parse(JSON.stringify(written)), 'diff.json is the returned diff');
  assert.equal(json.schema, 'weightscale.diff/1');
  assert.deepEqual(json.charts, DIFF_CHARTS);
  assert.deepEqual([json.runs.a.report, json.runs.b.report], ['a/index.html', 'b/index.html']);
  assert.equal(json.epochsCompared, 3);
  assert.deepEqual(json.unpaired.b.map((l: { name: string }) => l.name), ['fc3']);
  for (const chart of DIFF_CHARTS) {
    const { width, height } = pngSize(readFileSync(join(out, chart)));
    assert.ok(width >= 1000 && height >= 600, `${chart}: ${width}x${height}`);
  }

  const html = readFileSync(join(out, 'index.html'), 'utf8');
  assert.ok(html.includes('conv&lt;i&gt;&amp;&quot;1&quot;'), 'layer name escaped');
  assert.ok(!html.includes('conv<i>'), 'no raw layer name');
  for (const chart of DIFF_CHARTS) assert.ok(html.includes(`src="${chart}"`), chart);
  assert.ok(html.includes('href="a/index.html"') && html.includes('href="b/index.html"'), 'links to both reports');
  assert.match(html, /A has 4 checkpoints, B has 3/);
  assert.match(html, /<h3>Only in B \(1\)<\/h3>\n<table>.*<td>fc3<\/td>/s);
});

test('writeDiff with --format json writes diff.json and the runs\' summaries only', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 3 });
  const out = join(root, 'out');
  const written = await writeDiff(out, await diffRuns(a, a, options), ['json']);
  assert.deepEqual(readdirSync(out).sort(), ['a', 'b', 'diff.json']);
  assert.deepEqual(readdirSync(join(out, 'a')), ['summary.json']);
  assert.deepEqual(written.charts, []);
  assert.deepEqual([written.runs.a.report, written.runs.b.report], [null, null]);
});

test(
  'writeDiff replaces an older diff directory',
  async (t) => {
    const root = scratch(t);
    const a = writeRun(root, 'a', { checkpoints: 3 });
    const out = join(root, 'out');
    await writeDiff(out, await diffRuns(a, a, options), ['json', 'html']);
    await writeDiff(out, await diffRuns(a, a, options), ['json']);
    assert.deepEqual(readdirSync(out).sort(), ['a', 'b', 'diff.json']);
  },
);

test('the diff page opens with findings, then charts drawn from embedded data; a run against itself says so', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 4 });
  const out = join(root, 'out');
  await writeDiff(out, await diffRuns(a, a, options), ['png', 'html', 'json']);
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  const findings = html.indexOf('<section id="findings">');
  assert.ok(findings > 0 && findings < html.indexOf('<section id="charts">'));
  assert.match(html, /<li>A and B are the same run directory: every difference below is zero by construction\.<\/li>/);
  assert.match(html, /<li>Cluster agreement: adjusted Rand index 1 over 3 layers, the same grouping/);
  assert.match(html, /‖θ_A − θ_B‖ = 0 at the first checkpoint and 0 at the last/);
  // The side-by-side chart is two canvases of one chart entry; the data has the two panels' series.
  assert.match(html, /<canvas data-chart="0" data-panel="0"[^>]*><\/canvas><\/div><div class="canvas-box"><canvas data-chart="0" data-panel="1"/);
  const json = html.slice(html.indexOf('id="ws-data">') + 13, html.indexOf('</script>', html.indexOf('id="ws-data">')));
  const data = JSON.parse(json) as { charts: { kind: string; input: { panels?: { series: unknown[] }[] } }[] };
  assert.equal(data.charts[0].kind, 'rwc-pair');
  assert.deepEqual(data.charts[0].input.panels!.map((p) => p.series.length), [3, 3]);
  assert.match(html, /<table id="layer-table" class="layers sortable">/);
});
