/**
 * Killing `weightscale train` (SIGINT, SIGKILL) once epoch-001.onnx exists: every checkpoint on disk is complete,
 * temporary files never end in .onnx, and `--resume` finishes the run with the same bytes as an uninterrupted one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '../../src/onnx/read.js';
import { checkpointName, epochFiles, tempDir, waitUntil, ws, wsStart, type CliResult } from './helpers.js';

const EPOCHS = 6;
/** 8 batches of 32 per epoch: about 0.2 s an epoch here, so the run is still going well after epoch-001.onnx. */
const RUN = ['train', '--model', 'lenet5', '--dataset', 'synthetic', '--limit-train', '256', '--limit-test', '32', '--batch-size', '32', '--epochs', String(EPOCHS), '--quiet'];
const RUN_FILES = /^(epoch-\d{3}\.(onnx|state)|run\.json)$/;

let work: string;
/** The uninterrupted run every resumed one must reproduce. */
let reference: Promise<CliResult>;

before(() => {
  work = tempDir('cli-kill');
  reference = wsStart([...RUN, '--out', join(work, 'reference')]).done;
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Starts the run, sends `signal` as soon as epoch-001.onnx exists, and returns how the process ended. */
async function interrupted(out: string, signal: NodeJS.Signals): Promise<CliResult> {
  const { child, done } = wsStart([...RUN, '--out', out]);
  let exited = false;
  void done.then(() => (exited = true));
  const reached = await waitUntil(() => existsSync(join(out, 'epoch-001.onnx')), () => exited, 60_000);
  assert.ok(reached, 'the run wrote epoch-001.onnx');
  assert.ok(!exited, 'the run was still going when epoch-001.onnx appeared (make it longer if this fails)');
  child.kill(signal);
  return done;
}

/** Every checkpoint left behind opens and says which epoch it is; what is not a run file is a temp file, not .onnx. */
function checkLeftovers(out: string): number[] {
  const names = readdirSync(out);
  for (const n of names.filter((n) => !RUN_FILES.test(n))) {
    assert.ok(!n.endsWith('.onnx'), `leftover ${n} would be taken for a checkpoint`);
    assert.match(n, /^\..*\.tmp$/, `leftover ${n} is a hidden temporary file`);
  }
  const epochs = epochFiles(out).map((f) => {
    const model = readModel(join(out, f));
    const epoch = Number(/\d+/.exec(f)![0]);
    assert.equal(model.metadata['weightscale.epoch'], String(epoch), `${f}: metadata epoch`);
    assert.equal(model.graph.initializers.length, 8, `${f}: all LeNet-5 tensors`);
    return epoch;
  });
  for (const n of names.filter((n) => /\.state$/.test(n))) readModel(join(out, n)); // optimizer state files are complete too
  assert.deepEqual(epochs, epochs.map((_, i) => i), 'checkpoints 0..k without gaps');
  assert.ok(epochs.length >= 2 && epochs.length < EPOCHS + 1, `interrupted after epoch 1, before the end (have ${epochs.length})`);
  return epochs;
}

/** `--resume` completes the run, and the result equals the uninterrupted reference file for file. */
async function resumeAndCompare(out: string): Promise<void> {
  const r = ws([...RUN, '--out', out, '--resume']);
  assert.equal(r.status, 0, r.stderr);
  const ref = await reference;
  assert.equal(ref.status, 0, ref.stderr);
  const refDir = join(work, 'reference');
  assert.deepEqual(epochFiles(out), epochFiles(refDir));
  const last = checkpointName(EPOCHS);
  assert.ok(readFileSync(join(out, last)).equals(readFileSync(join(refDir, last))), `resumed ${last} equals the uninterrupted one byte for byte`);
  for (const f of epochFiles(refDir)) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(refDir, f))), `${f} equal`);
  const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  assert.equal(record.status, 'complete');
  assert.deepEqual(record.epochs.map((e: { epoch: number }) => e.epoch), [...Array(EPOCHS + 1).keys()]);
  assert.equal(readModel(join(out, last)).metadata['weightscale.step'], String(8 * EPOCHS));
}

test('SIGINT: exit 130 with one line, only complete files, and --resume reproduces the uninterrupted run', async () => {
  const out = join(work, 'sigint');
  const r = await interrupted(out, 'SIGINT');
  assert.equal(r.signal, null, 'the CLI handles SIGINT itself');
  assert.equal(r.status, 130);
  assert.equal(r.stderr, `weightscale: interrupted; resume with --resume (complete epochs are kept in ${out})\n`);
  assert.equal(r.stdout, '');
  const epochs = checkLeftovers(out);
  assert.ok(readdirSync(out).every((n) => RUN_FILES.test(n)), 'a clean stop leaves no temporary files');
  const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  assert.equal(record.status, 'interrupted', 'run.json says the run was interrupted');
  assert.deepEqual(record.epochs.map((e: { epoch: number }) => e.epoch), epochs, 'run.json lists exactly the saved epochs');
  await resumeAndCompare(out);
});

test('SIGKILL: no half-written checkpoint, and --resume reproduces the uninterrupted run', async () => {
  const out = join(work, 'sigkill');
  const r = await interrupted(out, 'SIGKILL');
  assert.equal(r.signal, 'SIGKILL');
  const epochs = checkLeftovers(out);
  const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  const listed: number[] = record.epochs.map((e: { epoch: number }) => e.epoch);
  assert.ok(listed.every((e) => epochs.includes(e)), 'run.json lists no epoch whose checkpoint is missing');
  await resumeAndCompare(out);
});
