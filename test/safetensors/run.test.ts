import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listSafetensorsRun, hasSafetensorsCheckpoints } from '../../src/safetensors/run.js';
import { InputError } from '../../src/errors.js';
import { listRun } from '../../src/analyze/checkpoints.js';
import { f32, fixture, safetensorsBytes, tempDir } from './helpers.js';

const size = (p: string) => fs.statSync(p).size;

test('run of single files: ordered by the last integer in the name (ckpt-5 before ckpt-10), sizes, no warnings', () => {
  const dir = fixture('run-files');
  const run = listSafetensorsRun(dir);
  assert.deepEqual(
    run.checkpoints,
    [0, 5, 10, 15].map((s) => {
      const file = `ckpt-${s}.safetensors`;
      return { path: path.join(dir, file), file, epoch: s, bytes: size(path.join(dir, file)), format: 'safetensors' };
    }),
  );
  assert.deepEqual(run.warnings, []);
  assert.equal(run.orderedBy, 'file-name');
});

test('Trainer run: checkpoint-N subdirectories by step, sharded one included, bytes of its shards, log dir ignored', () => {
  const dir = fixture('run-trainer');
  const run = listSafetensorsRun(dir);
  assert.deepEqual(run.checkpoints.map((c) => [c.file, c.epoch]), [
    ['checkpoint-0', 0],
    ['checkpoint-5', 5],
    ['checkpoint-10', 10],
    ['checkpoint-15', 15],
  ]);
  const c10 = run.checkpoints[2]!;
  assert.equal(c10.path, path.join(dir, 'checkpoint-10'));
  const shards = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  assert.equal(c10.bytes, shards.reduce((s, f) => s + size(path.join(dir, 'checkpoint-10', f)), 0));
  assert.equal(run.checkpoints[0]!.bytes, size(path.join(dir, 'checkpoint-0', 'model.safetensors')));
  assert.deepEqual(run.warnings, []);
  assert.ok(hasSafetensorsCheckpoints(dir));
  assert.equal(hasSafetensorsCheckpoints(fixture('run-onnx')), false);
});

function writeCheckpoint(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, safetensorsBytes([{ name: 'w', dtype: 'F32', shape: [2], data: f32([1, 2]) }]));
}

test('Trainer output dir with the final model beside checkpoint dirs: the top-level file is left out with a warning', (t) => {
  const dir = tempDir('st', t);
  for (const s of [1000, 500, 1500]) writeCheckpoint(path.join(dir, `checkpoint-${s}`, 'model.safetensors'));
  writeCheckpoint(path.join(dir, 'model.safetensors'));
  const run = listSafetensorsRun(dir);
  assert.deepEqual(run.checkpoints.map((c) => c.epoch), [500, 1000, 1500]);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!, /left out model\.safetensors/);
});

test('an irregular step is a warning naming both checkpoints; equal numbers are an error', (t) => {
  const dir = tempDir('st', t);
  for (const s of [0, 2, 4, 8, 10]) writeCheckpoint(path.join(dir, `step-${s}.safetensors`));
  const run = listSafetensorsRun(dir);
  assert.deepEqual(run.checkpoints.map((c) => c.epoch), [0, 2, 4, 8, 10]);
  assert.deepEqual(run.warnings, ['step-4.safetensors -> step-8.safetensors is a gap of 4 epochs where the run\'s usual gap is 2: checkpoints missing?']);
  writeCheckpoint(path.join(dir, 'step-010.safetensors'));
  assert.throws(() => listSafetensorsRun(dir), (e: unknown) => e instanceof InputError && /step-10\.safetensors and step-010\.safetensors both have epoch 10 \(number in their names\)/.test(e.message));
});

test('not runs: one sharded checkpoint, no checkpoints, a name without a number', (t) => {
  assert.throws(() => listSafetensorsRun(fixture('run-trainer/checkpoint-10')), /holds one sharded checkpoint .*not a run/);
  const empty = tempDir('st', t);
  fs.writeFileSync(path.join(empty, 'notes.txt'), 'x');
  assert.throws(() => listSafetensorsRun(empty), (e: unknown) => e instanceof InputError && /no safetensors checkpoints/.test(e.message));
  writeCheckpoint(path.join(empty, 'final.safetensors'));
  writeCheckpoint(path.join(empty, 'ckpt-1.safetensors'));
  assert.throws(() => listSafetensorsRun(empty), /final\.safetensors: cannot tell its step or epoch/);
});

test('listRun: safetensors runs go to the safetensors listing, ONNX runs stay as they were, mixing formats is an error', (t) => {
  const trainer = listRun(fixture('run-trainer'));
  assert.deepEqual(trainer.checkpoints.map((c) => [c.file, c.format]), [
    ['checkpoint-0', 'safetensors'],
    ['checkpoint-5', 'safetensors'],
    ['checkpoint-10', 'safetensors'],
    ['checkpoint-15', 'safetensors'],
  ]);
  const onnx = listRun(fixture('run-onnx'));
  assert.deepEqual(onnx.checkpoints.map((c) => [c.file, c.format]), [
    ['ckpt-0.onnx', undefined],
    ['ckpt-5.onnx', undefined],
    ['ckpt-10.onnx', undefined],
    ['ckpt-15.onnx', undefined],
  ]);
  const mixed = tempDir('st', t);
  fs.copyFileSync(fixture('run-onnx/ckpt-0.onnx'), path.join(mixed, 'ckpt-0.onnx'));
  writeCheckpoint(path.join(mixed, 'hf', 'a.safetensors'));
  writeCheckpoint(path.join(mixed, 'hf', 'b.safetensors'));
  assert.throws(() => listRun(mixed), (e: unknown) => e instanceof InputError && /mixes \.onnx and safetensors checkpoints/.test(e.message));
});
