import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listRun } from '../../src/analyze/checkpoints.js';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { openCheckpoint } from '../../src/formats/open.js';
import { layersFromNames } from '../../src/model/from-names.js';
import { fixture, tempDir } from './helpers.js';
import { assertTensorsAndParts, close, type FamilyExpected } from './part-rwc.js';

const expectedOf = (run: string) => JSON.parse(fs.readFileSync(fixture(`families/${run}/expected.json`), 'utf8')) as FamilyExpected;

test('GPT-2 run numbered by the step in its metadata: unit step, config.json read, tied wte, column parts equal numpy', () => {
  const run = listRun(fixture('families/run-gpt2'));
  assert.equal(run.unit, 'step');
  assert.equal(run.orderedBy, 'metadata');
  assert.deepEqual(run.checkpoints.map((c) => [c.file, c.epoch]), [['gpt2-1.safetensors', 100], ['gpt2-2.safetensors', 200]]);
  const indexes = run.checkpoints.map((c) => openCheckpoint(c.path));
  assert.deepEqual(indexes[0]!.config, { modelType: 'gpt2', numAttentionHeads: 2 });
  const layers = layersFromNames(indexes[0]!);
  assert.equal(layers.find((l) => l.name === 'transformer.wte')!.tiedWith, 'lm_head');
  assert.equal(assertTensorsAndParts(indexes, layers, expectedOf('run-gpt2')), 6);
});

test('timm ViT run: row-block parts equal numpy; class token, position table and layer scales analyzed with numpy RWC', async () => {
  const dir = fixture('families/run-vit');
  const run = listRun(dir);
  assert.equal(run.unit, 'epoch');
  const indexes = run.checkpoints.map((c) => openCheckpoint(c.path));
  assert.equal(indexes[0]!.config, undefined);
  const expected = expectedOf('run-vit');
  assert.equal(assertTensorsAndParts(indexes, layersFromNames(indexes[0]!), expected), 6);
  const { summary } = await analyzeRun(dir, { ...DEFAULT_ANALYZE_OPTIONS, threads: 1 });
  for (const name of ['cls_token', 'pos_embed', 'blocks.1.ls2.gamma', 'blocks.1.attn.qkv']) {
    const layer = summary.layers.find((l) => l.name === name)!;
    close(layer.rwc[0]!, expected.tensors[layer.weight]![0]!, name);
  }
});

test('a run whose files are symlinks (here into another directory) is listed and read through them', (t) => {
  const dir = tempDir('st', t);
  for (const f of ['gpt2-1.safetensors', 'gpt2-2.safetensors', 'config.json']) fs.symlinkSync(fixture(`families/run-gpt2/${f}`), path.join(dir, f));
  const run = listRun(dir);
  assert.deepEqual(run.checkpoints.map((c) => c.epoch), [100, 200]);
  const indexes = run.checkpoints.map((c) => openCheckpoint(c.path));
  assert.equal(assertTensorsAndParts(indexes, layersFromNames(indexes[0]!), expectedOf('run-gpt2')), 6);
});
