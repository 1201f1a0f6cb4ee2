import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS } from '../../src/formats/registry.js';
import { openCheckpoint } from '../../src/formats/open.js';
import { safetensorsFormat } from '../../src/formats/safetensors.js';
import { InputError } from '../../src/errors.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url));
const hub = fixture('hub/models--weightscale--tiny-pythia');
const snapshotOf = (ref: string) => path.join(hub, 'snapshots', fs.readFileSync(path.join(hub, 'refs', ref), 'utf8'));

/** What each format says a path is: {format name: kind} for the formats that claim it. */
function claims(p: string): Record<string, string> {
  return Object.fromEntries(FORMATS.flatMap((f) => (f.match(p) ? [[f.name, f.match(p)!]] : [])));
}

test('each format claims its runs and checkpoints, and nothing else', () => {
  assert.deepEqual(claims(fixture('safetensors/run-onnx')), { ONNX: 'run' });
  assert.deepEqual(claims(fixture('safetensors/run-onnx/ckpt-5.onnx')), { ONNX: 'checkpoint' });
  assert.deepEqual(claims(fixture('safetensors/run-files')), { safetensors: 'run' });
  assert.deepEqual(claims(fixture('safetensors/run-trainer')), { safetensors: 'run' });
  assert.deepEqual(claims(fixture('safetensors/run-trainer/checkpoint-10')), { safetensors: 'checkpoint' });
  assert.deepEqual(claims(fixture('safetensors/run-files/ckpt-5.safetensors')), { safetensors: 'checkpoint' });
  assert.deepEqual(claims(hub), { 'Hugging Face hub cache': 'run' });
  assert.deepEqual(claims(path.join(hub, 'refs', 'step500')), { 'Hugging Face hub cache': 'checkpoint' });
  // a snapshot is also a safetensors checkpoint directory; the hub cache, asked first, opens it
  assert.deepEqual(claims(snapshotOf('step1000')), { 'Hugging Face hub cache': 'checkpoint', safetensors: 'checkpoint' });
  assert.deepEqual(claims(fixture('safetensors/names')), {});
});

test('a sharded snapshot opens through the hub cache (shards linked into blobs/), and only there', () => {
  const snap = snapshotOf('step1000');
  const index = openCheckpoint(snap);
  assert.equal(index.tensors.size, openCheckpoint(snapshotOf('step0')).tensors.size);
  for (const e of index.tensors.values()) {
    assert.ok(e.storage.kind === 'file' && path.dirname(e.storage.path) === fs.realpathSync(path.join(hub, 'blobs')), `${e.name} read from the blob`);
  }
  assert.throws(() => safetensorsFormat.open(snap), (e: unknown) => e instanceof InputError && /"model-00001-of-00002\.safetensors" is a symlink, which is refused/.test(e.message));
});

test('openCheckpoint on a run, or on what no format reads, says what it is', () => {
  assert.throws(() => openCheckpoint(fixture('safetensors/run-files')), /run-files: a run of 4 safetensors checkpoints, not one checkpoint; pass one of them \(ckpt-0\.safetensors\)/);
  assert.throws(() => openCheckpoint(hub), /a run of 4 Hugging Face hub cache checkpoints, not one checkpoint; pass one of them \(refs\/step0\)/);
  assert.throws(() => openCheckpoint(fixture('safetensors/dtypes.json')), (e: unknown) => e instanceof InputError && /dtypes\.json: not a checkpoint weightscale reads/.test(e.message));
  assert.throws(() => openCheckpoint(fixture('safetensors/missing.safetensors')), (e: unknown) => e instanceof InputError && /missing\.safetensors: not found$/.test(e.message));
});
