import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planCharts } from '../../src/report/chart-plan.js';
import { rawRwcCsv } from '../../src/report/csv.js';
import { renderIndexHtml } from '../../src/report/html.js';
import { transitionAxisTitle, transitionColumnNames, transitionLabels } from '../../src/report/summary-data.js';
import { fakeSummary, fakeTransformerSummary } from './fixtures.js';

test('a step-numbered run: transitions are labelled by step, CSV columns are step_N, axes say "step transition"', () => {
  const s = fakeTransformerSummary({ blocks: 2, checkpoints: 4, stepSize: 500 });
  assert.deepEqual(transitionLabels(s), ['0→500', '500→1000', '1000→1500']);
  assert.deepEqual(transitionColumnNames(s), ['step_500', 'step_1000', 'step_1500']);
  assert.equal(rawRwcCsv(s).split('\r\n')[0], 'layer,primitive,index,step_500,step_1000,step_1500');
  const entries = planCharts(s);
  const lines = entries.find((e) => e.file === 'rwc-clusters.png')!.page!.input as { xTitle: string; title: string };
  assert.equal(lines.xTitle, 'step transition (earlier→later checkpoint)');
  assert.match(lines.title, /over steps/);
  const means = entries.find((e) => e.file === 'rwc-cluster-means.png')!.page!.input as { xTitle: string };
  assert.equal(means.xTitle, transitionAxisTitle('step'));
  assert.match(entries.find((e) => e.file === 'rwc-heatmap.png')!.title, /per layer and step transition/);
  const distance = entries.find((e) => e.file === 'distance-from-init.png')!.page!.input as { xTitle: string; xLabels: string[] };
  assert.equal(distance.xTitle, 'step (checkpoint)');
  assert.deepEqual(distance.xLabels, ['0', '500', '1000', '1500']);
  const html = renderIndexHtml(s, [], entries);
  assert.match(html, /4 checkpoints \(steps 0–1500\)/);
  // The page script keeps its one "epoch" (the run.json training chart); the page itself says steps.
  const page = html.slice(0, html.indexOf('<script'));
  assert.doesNotMatch(page, /epoch/i);
});

test('an epoch-numbered run keeps epochs: epoch_N columns and "epoch transition"', () => {
  const s = fakeSummary({ layers: 5, epochs: 4 });
  assert.deepEqual(transitionColumnNames(s), ['epoch_1', 'epoch_2', 'epoch_3']);
  const lines = planCharts(s).find((e) => e.file === 'rwc-clusters.png')!.page!.input as { xTitle: string };
  assert.equal(lines.xTitle, 'epoch transition (earlier→later checkpoint)');
  assert.match(renderIndexHtml(s, [], planCharts(s)), /4 checkpoints \(epochs 0–3\)/);
});
