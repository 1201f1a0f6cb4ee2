import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompleteCheckpoints } from '../../src/cli/complete-checkpoints.js';
import { LENET_LIKE, writeRun } from '../diff/tiny-runs.js';
import { tempDir } from '../util/temp-dir.js';
import { root } from './helpers.js';

/** What a look found, without its stamp. */
function seen(r: { files: string[]; waiting: string | null }): { files: string[]; waiting: string | null } {
  return { files: r.files, waiting: r.waiting };
}

/** Files written "long ago", so that only the rules under test hold them back. */
function age(...paths: string[]): void {
  const old = new Date(Date.now() - 60_000);
  for (const p of paths) {
    if (statSync(p).isDirectory()) age(...readdirSync(p).map((n) => join(p, n)));
    utimesSync(p, old, old);
  }
}

test('a checkpoint whose file is still growing is waited for, then taken once it looks the same twice', (t) => {
  const run = writeRun(tempDir('complete', t), 'run', { layers: LENET_LIKE, checkpoints: 3 });
  age(join(run, 'epoch-000.onnx'), join(run, 'epoch-001.onnx'));
  const look = new CompleteCheckpoints(run);
  // epoch-002 was just written: one look is not enough.
  assert.deepEqual(seen(look.look()), { files: ['epoch-000.onnx', 'epoch-001.onnx'], waiting: 'epoch-002.onnx: still being written' });
  const grown = readFileSync(join(run, 'epoch-002.onnx'));
  appendFileSync(join(run, 'epoch-002.onnx'), Buffer.alloc(0));
  assert.deepEqual(look.look().files, ['epoch-000.onnx', 'epoch-001.onnx', 'epoch-002.onnx']);
  // It grows (a writer appending): waited for again.
  writeFileSync(join(run, 'epoch-002.onnx'), Buffer.concat([grown, Buffer.from([0])]));
  const after = look.look();
  assert.deepEqual(after.files, ['epoch-000.onnx', 'epoch-001.onnx']);
  assert.notEqual(after.waiting, null);
});

test('an ONNX file that does not parse yet is waited for, not an error', (t) => {
  const run = writeRun(tempDir('complete', t), 'run', { layers: LENET_LIKE, checkpoints: 3 });
  const full = readFileSync(join(run, 'epoch-002.onnx'));
  writeFileSync(join(run, 'epoch-002.onnx'), full.subarray(0, Math.floor(full.length / 2)));
  age(...['000', '001', '002'].map((e) => join(run, `epoch-${e}.onnx`)));
  const r = new CompleteCheckpoints(run).look();
  assert.deepEqual(r.files, ['epoch-000.onnx', 'epoch-001.onnx']);
  assert.match(r.waiting!, /^epoch-002\.onnx: .*not an ONNX model/);
});

test('a safetensors file shorter than its header says is waited for', (t) => {
  const dir = join(tempDir('complete', t), 'run');
  cpSync(join(root, 'fixtures/safetensors/run-files'), dir, { recursive: true });
  const last = join(dir, 'ckpt-15.safetensors');
  truncateSync(last, readFileSync(last).length - 10);
  age(...['0', '5', '10', '15'].map((n) => join(dir, `ckpt-${n}.safetensors`)));
  const r = new CompleteCheckpoints(dir).look();
  assert.deepEqual(r.files, ['ckpt-0.safetensors', 'ckpt-5.safetensors', 'ckpt-10.safetensors']);
  assert.match(r.waiting!, /^ckpt-15\.safetensors: /);
});

test('a Trainer checkpoint-N/ without its weights yet, and a shard index naming a shard not there yet, are waited for', (t) => {
  const dir = join(tempDir('complete', t), 'run');
  cpSync(join(root, 'fixtures/safetensors/run-trainer'), dir, { recursive: true });
  mkdirSync(join(dir, 'checkpoint-20'));
  writeFileSync(join(dir, 'checkpoint-20', 'trainer_state.json'), '{}');
  const ages = () => age(dir);
  ages();
  const look = new CompleteCheckpoints(dir);
  // Not a checkpoint yet: not listed, and no error.
  assert.deepEqual(seen(look.look()), { files: ['checkpoint-0', 'checkpoint-5', 'checkpoint-10', 'checkpoint-15'], waiting: null });
  cpSync(join(dir, 'checkpoint-15', 'model.safetensors'), join(dir, 'checkpoint-20', 'model.safetensors'));
  assert.deepEqual(seen(look.look()), { files: ['checkpoint-0', 'checkpoint-5', 'checkpoint-10', 'checkpoint-15'], waiting: 'checkpoint-20: still being written' });
  assert.deepEqual(look.look().files, ['checkpoint-0', 'checkpoint-5', 'checkpoint-10', 'checkpoint-15', 'checkpoint-20']);
  // The sharded checkpoint-10 loses its second shard (being uploaded).
  rmSync(join(dir, 'checkpoint-20'), { recursive: true });
  const shard = join(dir, 'checkpoint-10', 'model-00002-of-00002.safetensors');
  renameSync(shard, `${shard}.part`);
  ages();
  const missingShard = new CompleteCheckpoints(dir).look();
  assert.deepEqual(missingShard.files, ['checkpoint-0', 'checkpoint-5']);
  assert.match(missingShard.waiting!, /^checkpoint-10: /);
});

test('a complete checkpoint written again changes the stamp of the look (--watch then updates the report)', (t) => {
  const run = writeRun(tempDir('complete', t), 'run', { layers: LENET_LIKE, checkpoints: 3 });
  const other = writeRun(tempDir('complete', t), 'other', { layers: LENET_LIKE, checkpoints: 3, sign: -1 });
  age(run);
  const look = new CompleteCheckpoints(run);
  const before = look.look();
  assert.equal(before.files.length, 3);
  assert.equal(look.look().stamp, before.stamp);
  cpSync(join(other, 'epoch-001.onnx'), join(run, 'epoch-001.onnx'));
  age(run);
  const after = look.look();
  assert.deepEqual(after.files, before.files);
  assert.notEqual(after.stamp, before.stamp);
});
