import { test } from 'node:test';
import assert from 'node:assert/strict';
import { everyCoversRun, everyNote, planCharts } from '../../src/report/chart-plan.js';
import { renderIndexHtml } from '../../src/report/html.js';
import { fakeExtras, fakeSummary } from './fixtures.js';

const CORE = ['rwc-clusters.png', 'rwc-cluster-means.png', 'layer-clusters.png', 'rwc-heatmap.png', 'scree.png', 'pca.png'];
const DYNAMICS = ['changed-fraction.png', 'changed-by-layer.png', 'distance-from-init.png', 'distance-every-k.png'];
const EXTRA = ['feature-correlation.png', 'filters.png', 'banding.png'];

test('plan: whole-network charts, four per clustered primitive, dynamics, and the extras given', () => {
  const s = fakeSummary({ layers: 15, epochs: 7 }); // k = 5 of 6 transitions: one pair 0→5, not the whole run
  const files = planCharts(s, fakeExtras(false)).map((j) => j.file);
  const primitives = Object.keys(s.clustering.byPrimitive);
  assert.ok(primitives.length >= 2);
  const perPrimitive = primitives.flatMap((p) =>
    ['rwc-clusters.png', 'rwc-cluster-means.png', 'scree.png', 'pca.png'].map((f) => `${p}-${f}`),
  );
  assert.deepEqual(files, [...CORE, ...perPrimitive, ...DYNAMICS, ...EXTRA]);
  assert.equal(new Set(files).size, files.length, 'file names are unique');
});

test('plan: missing extras, clustering and dynamics mean those charts are skipped', () => {
  const s = fakeSummary({ layers: 4, epochs: 3 });
  s.clustering.all = null;
  s.clustering.byPrimitive = {};
  s.dynamics.every = { k: 5, from: [], to: [], l2: [], l1: [] };
  const files = planCharts(s, {}).map((j) => j.file);
  assert.deepEqual(files, ['layer-clusters.png', 'rwc-heatmap.png', 'changed-fraction.png', 'changed-by-layer.png', 'distance-from-init.png']);
});

test('plan: a summary without layers has no layer charts', () => {
  const s = fakeSummary({ layers: 0, epochs: 3 });
  s.clustering.all = null;
  const files = planCharts(s, {}).map((j) => j.file);
  assert.ok(!files.includes('layer-clusters.png') && !files.includes('rwc-heatmap.png') && !files.includes('changed-by-layer.png'));
});

test('plan: every chart of a realistic summary renders to a PNG', () => {
  const s = fakeSummary({ layers: 12, epochs: 10 });
  for (const job of planCharts(s, fakeExtras(false))) {
    const png = job.render();
    assert.equal(png.readUInt32BE(0), 0x89504e47, job.file);
  }
});

test('plan: distance-every-k with a single first-to-last pair says that it repeats distance-from-init', () => {
  const s = fakeSummary({ layers: 4, epochs: 5 });
  const one = { k: 4, from: [0], to: [4], l2: [0.7], l1: [224] };
  assert.match(everyNote(s, one), /only one pair of checkpoints 4 apart in this run \(epochs 0→4\): the same as the last point/);
  const two = { k: 2, from: [0, 2], to: [2, 4], l2: [0.4, 0.3], l1: [100, 90] };
  assert.match(everyNote(s, two), /^2 pairs/);
});

test('plan: no distance-every-k chart or table when k covers the whole run (its one pair is first → last)', () => {
  const s = fakeSummary({ layers: 4, epochs: 5 });
  s.dynamics.every = { k: 4, from: [0], to: [4], l2: [0.7], l1: [224] };
  assert.ok(everyCoversRun(s, s.dynamics.every));
  assert.ok(!planCharts(s).some((e) => e.file === 'distance-every-k.png'));
  assert.doesNotMatch(renderIndexHtml(s, [], planCharts(s)), /Between every k-th checkpoint/);
  s.dynamics.every = { k: 2, from: [0, 2], to: [2, 4], l2: [0.4, 0.3], l1: [100, 90] };
  assert.ok(!everyCoversRun(s, s.dynamics.every));
  assert.ok(planCharts(s).some((e) => e.file === 'distance-every-k.png'));
  assert.match(renderIndexHtml(s, [], planCharts(s)), /Between every k-th checkpoint \(k = 2\)/);
});
