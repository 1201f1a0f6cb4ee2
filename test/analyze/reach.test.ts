import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS, type Summary } from '../../src/analyze/types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const reach = (p: string) => join(root, 'fixtures/reach', p);
/** numpy's RWC per weight tensor, null where a NaN/Inf touches the transition (scripts/make-reach-fixtures.py). */
const expected = JSON.parse(readFileSync(reach('expected.json'), 'utf8')) as Record<string, Record<string, (number | null)[]>>;

function assertRwc(summary: Summary, want: Record<string, (number | null)[]>): void {
  assert.deepEqual(summary.layers.map((l) => l.weight).sort(), Object.keys(want).sort());
  for (const layer of summary.layers) {
    want[layer.weight]!.forEach((w, t) => {
      const v = layer.rwc[t];
      if (w === null) assert.equal(v, null, `${layer.weight}[${t}]`);
      else assert.ok(v !== null && Math.abs(v! - w) <= 1e-12 * w, `${layer.weight}[${t}]: ${v} vs ${w}`);
    });
  }
}

test('weights kept in Constant nodes (through Identity and Cast) are analysed like initializers', async () => {
  const { summary } = await analyzeRun(reach('constants-run'), DEFAULT_ANALYZE_OPTIONS);
  assertRwc(summary, expected['constants-run']!);
  assert.ok(summary.features, 'feature correlation of the penultimate layer');
  assert.ok(summary.layers.every((l) => l.distanceFromInit[3]! > 0));
});

test('external data with one file per tensor (torch.onnx.export above 2 GB) reads like inline weights', async () => {
  const { summary } = await analyzeRun(reach('external-run'), DEFAULT_ANALYZE_OPTIONS);
  assertRwc(summary, expected['constants-run']!);
});

test('a diverged run (NaN at epoch 1, Inf at epoch 3) gives a report with nulls and one warning per layer, exit 0', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ws-nan-')), 'report');
  const r = spawnSync(process.execPath, [join(root, 'bin/weightscale.js'), 'analyze', reach('nan-run'), '--out', out, '--format', 'json,html'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  assertRwc(summary, expected['nan-run']!);
  const warnings = summary.warnings.filter((w) => /NaN or Inf/.test(w));
  assert.deepEqual(warnings.map((w) => w.replace(/:.*/, '')).sort(), ['layer /conv2/Conv', 'layer /fc2/Gemm'].sort());
  assert.match(warnings.find((w) => w.includes('conv2'))!, /epoch-001\.onnx/);
  const fc2 = summary.layers.find((l) => l.weight === 'fc2.weight')!;
  assert.equal(fc2.distanceFromInit[3], null);
  assert.equal(fc2.cosineToInit, null);
  assert.equal(fc2.changedFraction['0'], null);
  assert.equal(summary.dynamics.distanceFromInit.l2[1], null, 'the total distance touches conv2 at epoch 1');
  assert.ok(summary.dynamics.distanceFromInit.l2[2]! > 0);
  assert.ok(summary.clustering.all && summary.clustering.all.labels.length === 4, 'clustering goes on with the rest');
});

test('inspect lists the layers of a model whose weights are all in Constant nodes', () => {
  const r = spawnSync(process.execPath, [join(root, 'bin/weightscale.js'), 'inspect', reach('constants-run/epoch-000.onnx'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /conv1\.weight/);
  assert.match(r.stdout, /fc2\.weight/);
});
