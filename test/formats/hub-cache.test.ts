import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listRun } from '../../src/analyze/checkpoints.js';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { openCheckpoint } from '../../src/formats/open.js';
import { refStep } from '../../src/formats/hub-cache.js';
import { layersFromNames } from '../../src/model/from-names.js';
import { assertTensorsAndParts, close, type FamilyExpected } from '../safetensors/part-rwc.js';

const hub = fileURLToPath(new URL('../../../fixtures/hub/', import.meta.url));
const root = path.join(hub, 'models--weightscale--tiny-pythia');
/** numpy's RWC per tensor and per q/k/v part, written by scripts/make-family-fixtures.py. */
const expected = JSON.parse(fs.readFileSync(path.join(hub, 'expected.json'), 'utf8')) as FamilyExpected & { refs: string[] };

test('refStep: the number after "step", else the only integer, else none', () => {
  assert.equal(refStep('step3000'), 3000);
  assert.equal(refStep('step1000-tokens4B'), 1000);
  assert.equal(refStep('stage1-step250-tokens1B'), 250);
  assert.equal(refStep('ckpt-42'), 42);
  assert.equal(refStep('main'), null);
  assert.equal(refStep('v1-2'), null);
});

test('the hub cache is a run of its step refs in step order; main is left out; the unit is the step', () => {
  const run = listRun(root);
  assert.deepEqual(run.checkpoints.map((c) => [c.file, c.epoch]), [
    ['refs/step0', 0],
    ['refs/step500', 500],
    ['refs/step1000', 1000],
    ['refs/step1500-tokens6B', 1500],
  ]);
  assert.equal(run.unit, 'step');
  assert.deepEqual(run.warnings, ['left out refs main: they name no training step']);
  // bytes: the blobs the snapshot's .safetensors links point at (the sharded one: both shards)
  const snap = (ref: string) => path.join(root, 'snapshots', fs.readFileSync(path.join(root, 'refs', ref), 'utf8'));
  const sizes = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith('.safetensors')).reduce((s, n) => s + fs.statSync(path.join(dir, n)).size, 0);
  run.checkpoints.forEach((c) => assert.equal(c.bytes, sizes(snap(path.basename(c.file)))));
  assert.ok(fs.lstatSync(path.join(snap('step1000'), 'model-00001-of-00002.safetensors')).isSymbolicLink());
  // join(dir, file) opens the checkpoint too (what diff does)
  assert.equal(openCheckpoint(path.join(root, run.checkpoints[2]!.file)).tensors.size, openCheckpoint(run.checkpoints[0]!.path).tensors.size);
});

test('every tensor and every q/k/v part read through the symlinks equals numpy (GPT-NeoX interleaved per head)', () => {
  const indexes = listRun(root).checkpoints.map((c) => openCheckpoint(c.path));
  assert.equal(indexes[0]!.config?.numAttentionHeads, 2);
  const layers = layersFromNames(indexes[0]!);
  assert.deepEqual(layers.filter((l) => l.parts).map((l) => l.name), [0, 1].map((i) => `gpt_neox.layers.${i}.attention.query_key_value`));
  assert.equal(assertTensorsAndParts(indexes, layers, expected), 6);
});

test('analyze reads the hub cache as a run in ref order, with numpy RWC for every layer', async () => {
  const { summary } = await analyzeRun(root, { ...DEFAULT_ANALYZE_OPTIONS, threads: 1 });
  assert.deepEqual(summary.run.checkpoints.map((c) => c.file), expected.refs.map((r) => `refs/${r}`));
  for (const layer of summary.layers) {
    const want = expected.tensors[layer.weight];
    if (!want || layer.partOf) continue;
    want.forEach((w, t) => close(layer.rwc[t]!, w, `${layer.name} ${t}`));
  }
  assert.ok(summary.layers.some((l) => l.name === 'gpt_neox.layers.1.mlp.dense_4h_to_h'));
});
