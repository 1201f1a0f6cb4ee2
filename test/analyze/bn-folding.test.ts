import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { InputError } from '../../src/errors.js';

/** One torchvision-block run exported eval-mode (folded) and training-mode; scripts/make-bn-folding-fixture.py. */
const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/bn-folding/${p}`, import.meta.url));
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as { rwc: Record<string, (number | null)[]>; foldedConvs: number };

test('an eval-mode export with BatchNorm folded into its convs warns, first, naming how many layers and the fix', async () => {
  const { summary } = await analyzeRun(fixture('eval'), { ...DEFAULT_ANALYZE_OPTIONS, threads: 1 });
  const warning = summary.warnings[0] ?? '';
  assert.match(warning, new RegExp(`^BatchNorm folded: ${expected.foldedConvs} conv layers`));
  assert.match(warning, /running statistics/);
  assert.match(warning, /TrainingMode\.TRAINING/);
  assert.equal(summary.warnings.filter((w) => w.startsWith('BatchNorm folded')).length, 1);
});

test('the training-mode export of the same run does not warn, and its RWC is numpy on the state_dict', async () => {
  const { summary } = await analyzeRun(fixture('training'), { ...DEFAULT_ANALYZE_OPTIONS, threads: 1 });
  assert.ok(!summary.warnings.some((w) => w.startsWith('BatchNorm folded')));
  const byWeight = new Map(summary.layers.map((l) => [l.weight, l]));
  // Every state_dict weight (conv, BatchNorm scale, linear) is a layer; biases count under --params all.
  for (const [name, want] of Object.entries(expected.rwc)) {
    if (name.endsWith('.bias')) continue;
    const layer = byWeight.get(name);
    assert.ok(layer, `no layer for ${name}`);
    layer.rwc.forEach((v, i) => assert.ok(v !== null && Math.abs(v - want[i]!) <= 1e-9 * want[i]!, `${name}[${i}]: ${v} vs ${want[i]}`));
  }
  // Running statistics are not parameters: neither layers nor buffers.
  assert.ok(!summary.layers.some((l) => /running/.test(l.weight)));
  assert.ok(!summary.coverage.buffers.some((b) => /running/.test(b.name)));
  assert.equal(summary.coverage.tensors, Object.keys(expected.rwc).length);
  assert.equal(summary.coverage.tensorsInLayers, summary.coverage.tensors);
});

test('a run mixing the eval and the training-mode export is refused, naming the checkpoint that does not fit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-mixed-'));
  try {
    copyFileSync(fixture('training/epoch-000.onnx'), join(dir, 'epoch-000.onnx'));
    copyFileSync(fixture('training/epoch-001.onnx'), join(dir, 'epoch-001.onnx'));
    copyFileSync(fixture('eval/epoch-002.onnx'), join(dir, 'epoch-002.onnx'));
    await assert.rejects(analyzeRun(dir, { ...DEFAULT_ANALYZE_OPTIONS, threads: 1 }), (e: Error) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^epoch-002\.onnx: \d+ of \d+ layer weights pair with nothing in the first checkpoint \(epoch-000\.onnx\)/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
