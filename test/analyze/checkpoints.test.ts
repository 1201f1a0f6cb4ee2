import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRun, lastInteger } from '../../src/analyze/checkpoints.js';
import { encodeModel } from '../../src/onnx/encode.js';
import type { Model } from '../../src/onnx/types.js';
import { InputError } from '../../src/errors.js';
import { openCheckpoint } from '../../src/formats/open.js';
import { readTensor } from '../../src/checkpoint/read-tensor.js';

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

const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url));

test('ONNX checkpoints that are symlinks are listed and read through (no ELOOP); entries point at the real files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-links-'));
  try {
    for (const f of ['ckpt-0.onnx', 'ckpt-5.onnx']) symlinkSync(fixture(`safetensors/run-onnx/${f}`), join(dir, f));
    const run = listRun(dir);
    assert.deepEqual(run.checkpoints.map((c) => c.file), ['ckpt-0.onnx', 'ckpt-5.onnx']);
    const linked = openCheckpoint(run.checkpoints[1]!.path);
    const real = openCheckpoint(fixture('safetensors/run-onnx/ckpt-5.onnx'));
    assert.ok(linked.tensors.size > 0);
    for (const [name, entry] of linked.tensors) {
      if (entry.storage.kind === 'file') assert.equal(entry.storage.path, fixture('safetensors/run-onnx/ckpt-5.onnx'));
      assert.deepEqual(readTensor(entry), readTensor(real.tensors.get(name)!));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pointed at one checkpoint, or at PyTorch pickles, listRun says what to do instead', () => {
  const refused = (dir: string, re: RegExp) => assert.throws(() => listRun(dir), (e: unknown) => e instanceof InputError && re.test(e.message) && !e.message.includes('\n'));
  refused(fixture('safetensors/run-trainer/checkpoint-10'), /checkpoint-10: one safetensors checkpoint, not a run; point at its parent \(\/.*\/run-trainer\)/);
  refused(fixture('safetensors/run-trainer/checkpoint-5'), /checkpoint-5: one safetensors checkpoint, not a run; point at its parent/);
  refused(fixture('safetensors/run-onnx/ckpt-0.onnx'), /ckpt-0\.onnx: one checkpoint, not a run; point at the directory/);
  const pickles = mkdtempSync(join(tmpdir(), 'ws-pt-'));
  try {
    for (const f of ['epoch-10.pt', 'epoch-9.pt', 'optimizer.bin']) writeFileSync(join(pickles, f), 'x');
    refused(pickles, /epoch-9\.pt, epoch-10\.pt, optimizer\.bin are PyTorch pickles, which weightscale does not read .*safetensors\.torch\.save_file\(model\.state_dict\(\), f"runs\/mynet\/epoch-\{epoch:03d\}\.safetensors"\)/);
  } finally {
    rmSync(pickles, { recursive: true, force: true });
  }
});

test('lists in warnings are in numeric order (checkpoint-25 before checkpoint-100); Trainer dirs count steps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-order-'));
  try {
    for (const s of [100, 25, 50, 75]) {
      mkdirSync(join(dir, `checkpoint-${s}`));
      copyFileSync(fixture('safetensors/run-files/ckpt-0.safetensors'), join(dir, `checkpoint-${s}`, 'model.safetensors'));
    }
    for (const f of ['final-10.safetensors', 'final-9.safetensors']) copyFileSync(fixture('safetensors/run-files/ckpt-0.safetensors'), join(dir, f));
    const run = listRun(dir);
    assert.equal(run.unit, 'step');
    assert.deepEqual(run.warnings, ['left out final-9.safetensors, final-10.safetensors: the run\'s checkpoints are its subdirectories (checkpoint-25, checkpoint-50, checkpoint-75, checkpoint-100)']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
