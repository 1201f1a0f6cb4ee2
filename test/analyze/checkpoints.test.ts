import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRun, lastInteger } from '../../src/analyze/checkpoints.js';
import { encodeModel } from '../../src/onnx/encode.js';
import type { Model } from '../../src/onnx/types.js';
import { InputError } from '../../src/errors.js';

function model(metadata: Record<string, string>): Uint8Array {
  const m: Model = {
    irVersion: 8, producerName: 't', producerVersion: '0', opsetImports: [{ domain: '', version: 17 }], metadata,
    graph: { name: 'g', nodes: [], inputs: [], outputs: [], initializers: [], valueInfo: [] },
  };
  return encodeModel(m);
}

function run(files: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-list-'));
  for (const [name, meta] of Object.entries(files)) writeFileSync(join(dir, name), model(meta));
  return dir;
}

test('file names order a run naturally by their last integer (epoch-10 after epoch-9)', () => {
  const r = listRun(run({ 'epoch-10.onnx': {}, 'epoch-9.onnx': {}, 'epoch-0.onnx': {} }));
  assert.equal(r.orderedBy, 'file-name');
  assert.deepEqual(r.checkpoints.map((c) => c.file), ['epoch-0.onnx', 'epoch-9.onnx', 'epoch-10.onnx']);
  assert.deepEqual(r.warnings, ['epochs 1..8 are missing between epoch-0.onnx and epoch-9.onnx']);
  assert.equal(lastInteger('resnet50-v2-ep007.onnx'), 7);
});

test('weightscale.epoch metadata wins over names when every file has it', () => {
  const r = listRun(run({ 'a.onnx': { 'weightscale.epoch': '2' }, 'b.onnx': { 'weightscale.epoch': '0' }, 'c.onnx': { 'weightscale.epoch': '1' } }));
  assert.equal(r.orderedBy, 'metadata');
  assert.deepEqual(r.checkpoints.map((c) => [c.file, c.epoch]), [['b.onnx', 0], ['c.onnx', 1], ['a.onnx', 2]]);
  assert.deepEqual(r.warnings, []);
  assert.ok(r.checkpoints.every((c) => c.bytes > 0));
});

test('metadata on only some files falls back to names; ties and unnumbered names are errors', () => {
  const partial = listRun(run({ 'e-1.onnx': { 'weightscale.epoch': '5' }, 'e-0.onnx': {} }));
  assert.deepEqual(partial.checkpoints.map((c) => c.epoch), [0, 1]);
  assert.throws(() => listRun(run({ 'run1-epoch-3.onnx': {}, 'run2-epoch-3.onnx': {} })), (e: unknown) =>
    e instanceof InputError && /both have epoch 3/.test(e.message));
  assert.throws(() => listRun(run({ 'final.onnx': {}, 'epoch-1.onnx': {} })), (e: unknown) =>
    e instanceof InputError && /final\.onnx: cannot tell its epoch/.test(e.message));
});

test('files other than *.onnx (state files, run.json, temp files) are not checkpoints', () => {
  const dir = run({ 'epoch-000.onnx': {}, 'epoch-001.onnx': {} });
  for (const f of ['epoch-000.state', 'run.json', '.epoch-002.onnx.tmp-1']) writeFileSync(join(dir, f), 'x');
  assert.deepEqual(listRun(dir).checkpoints.map((c) => c.file), ['epoch-000.onnx', 'epoch-001.onnx']);
});
