/**
 * `weightscale train` through the real CLI (bin/weightscale.js spawned): a LeNet-5 run analysed end to end, --init
 * checkpoint:PATH with --perturb flip, --freeze, and determinism. Tiny synthetic data keeps every run near a second.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '../../src/onnx/read.js';
import type { Tensor } from '../../src/onnx/types.js';
import { bytesOf, checkpointName, cudaLibraryPresent, epochFiles, initializers, tempDir, ws, wsAll } from './helpers.js';

/** 64 samples in batches of 32: two optimizer steps per epoch. */
const TINY = ['--dataset', 'synthetic', '--limit-train', '64', '--limit-test', '32', '--batch-size', '32'];
const LENET = ['train', '--model', 'lenet5', ...TINY, '--epochs', '3'];
const LENET_TENSORS = ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'];

let work: string;
/** The LeNet-5 run of the first test, shared by the flip and determinism tests. */
let run: string;

before(() => {
  work = tempDir('cli-train');
  run = join(work, 'lenet');
});
after(() => rmSync(work, { recursive: true, force: true }));

function readRecord(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
}

/** The IEEE bit patterns of a float32 tensor (a copy, so the file buffer's alignment does not matter). */
function bits(t: Tensor): Uint32Array {
  assert.ok(t.data instanceof Float32Array, `${t.name} is float32`);
  return new Uint32Array(Float32Array.from(t.data).buffer);
}

/** True when `b` is `a` with every sign bit flipped (exact negation, -0 for 0 included). */
function isNegation(a: Tensor, b: Tensor): boolean {
  const x = bits(a);
  const y = bits(b);
  if (x.length !== y.length || x.length === 0) return false;
  for (let i = 0; i < x.length; i++) if ((x[i]! ^ y[i]!) >>> 0 !== 0x80000000) return false;
  return true;
}

test('train lenet5 --epochs 3 writes epoch-000..003 with run metadata and run.json; analyze reads the run', () => {
  const r = ws([...LENET, '--out', run]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${run}\n`, 'stdout is the run directory');
  const cpuOnly = !cudaLibraryPresent();
  if (cpuOnly) {
    // One short line; the full reason is in run.json (below) and with --debug.
    assert.match(r.stderr, /^execution provider: CPU \(CUDA provider not installed; see README "GPU \(CUDA\)"\)$/m);
    assert.ok(!r.stderr.includes('CUDA execution provider not used'), 'the long reason is not printed without --debug');
  }
  assert.match(r.stderr, /^epoch 0: initial weights, test loss \d+\.\d{4} acc /m);
  assert.match(r.stderr, /^epoch 3: train loss \d+\.\d{4} acc [\d.]+%, test loss /m);
  assert.ok(!r.stderr.includes('weightscale:'), 'no error or warning lines');

  assert.deepEqual(readdirSync(run).sort(), [
    'epoch-000.onnx', 'epoch-000.state', 'epoch-001.onnx', 'epoch-001.state',
    'epoch-002.onnx', 'epoch-002.state', 'epoch-003.onnx', 'epoch-003.state', 'run.json',
  ]);
  const record = readRecord(run);
  const metas = [0, 1, 2, 3].map((e) => readModel(join(run, checkpointName(e))).metadata);
  assert.deepEqual(metas.map((m) => m['weightscale.epoch']), ['0', '1', '2', '3']);
  assert.deepEqual(metas.map((m) => m['weightscale.step']), ['0', '2', '4', '6'], 'two steps per epoch, increasing');
  assert.equal(new Set(metas.map((m) => m['weightscale.run'])).size, 1, 'one run id across the files');
  assert.equal(metas[0]!['weightscale.run'], record.runId);
  assert.match(record.runId, /^lenet5-synthetic-[0-9a-f]{12}$/);
  for (let e = 0; e <= 3; e++) {
    assert.deepEqual([...initializers(join(run, checkpointName(e))).keys()].sort(), [...LENET_TENSORS].sort(), `epoch ${e} tensors`);
  }

  assert.equal(record.status, 'complete');
  assert.equal(record.model, 'lenet5');
  assert.equal(record.dataset.name, 'synthetic');
  assert.equal(record.dataset.trainSamples, 64);
  assert.equal(record.hyperParameters.batchesPerEpoch, 2);
  assert.deepEqual(record.epochs.map((e: { epoch: number }) => e.epoch), [0, 1, 2, 3]);
  assert.deepEqual(record.epochs.map((e: { checkpoint: string }) => e.checkpoint), [0, 1, 2, 3].map(checkpointName));
  assert.deepEqual(record.epochs.map((e: { step: number }) => e.step), [0, 2, 4, 6]);
  assert.equal(record.epochs[0].trainLoss, null, 'epoch 0 is not trained');
  for (const e of record.epochs.slice(1)) assert.ok(Number.isFinite(e.trainLoss) && e.trainLoss > 0, `epoch ${e.epoch} train loss`);
  assert.equal(record.device.requested, 'auto');
  if (cpuOnly) {
    assert.equal(record.device.provider, 'cpu');
    assert.match(record.device.notes[0], /^CUDA execution provider not used: /);
  }

  const report = join(work, 'report');
  const a = ws(['analyze', run, '--out', report, '--quiet']);
  assert.equal(a.status, 0, a.stderr);
  const summary = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.run.checkpoints.map((c: { file: string; epoch: number }) => [c.file, c.epoch]), [0, 1, 2, 3].map((e) => [checkpointName(e), e]));
  assert.deepEqual(summary.layers.map((l: { name: string }) => l.name), ['conv1', 'conv2', 'fc1', 'fc2']);
  for (const layer of summary.layers) {
    assert.equal(layer.rwc.length, 3, `${layer.name}: rwc over 4 checkpoints`);
    for (const v of layer.rwc) assert.ok(typeof v === 'number' && v > 0 && v < 1, `${layer.name}: rwc ${v} is a small positive change`);
  }
  assert.ok(existsSync(join(report, 'index.html')));
});

test('--init checkpoint:RUN/epoch-003.onnx --perturb flip: epoch-000 is the exact negation of the source weights', () => {
  const source = join(run, 'epoch-003.onnx');
  const flip = join(work, 'flip');
  const r = ws(['train', '--model', 'lenet5', ...TINY, '--epochs', '0', '--init', `checkpoint:${source}`, '--perturb', 'flip', '--out', flip, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const src = initializers(source);
  const got = initializers(join(flip, 'epoch-000.onnx'));
  const fresh = initializers(join(run, 'epoch-000.onnx'));
  assert.deepEqual([...got.keys()].sort(), [...src.keys()].sort());
  for (const name of LENET_TENSORS) {
    assert.ok(isNegation(src.get(name)!, got.get(name)!), `${name} is -source bit for bit`);
    assert.ok(!isNegation(fresh.get(name)!, got.get(name)!), `${name} came from the checkpoint, not from a fresh draw`);
  }
  const record = readRecord(flip);
  assert.equal(record.init, `checkpoint:${source}`);
  assert.deepEqual({ ...record.perturb, parameters: [...record.perturb.parameters].sort() }, { kind: 'flip', parameters: [...LENET_TENSORS].sort() });
  assert.deepEqual(epochFiles(flip), ['epoch-000.onnx']);
});

test('--perturb flip on resnet-mini negates weights, biases and BN scale/shift but not the BN running statistics', async () => {
  const data = ['--dataset', 'synthetic', '--limit-train', '32', '--limit-test', '16', '--batch-size', '16', '--quiet'];
  const src = join(work, 'resnet');
  const flip = join(work, 'resnet-flip');
  const first = ws(['train', '--model', 'resnet-mini', ...data, '--epochs', '1', '--out', src]);
  assert.equal(first.status, 0, first.stderr);
  const source = join(src, 'epoch-001.onnx');
  const r = ws(['train', '--model', 'resnet-mini', ...data, '--epochs', '0', '--init', `checkpoint:${source}`, '--perturb', 'flip', '--out', flip]);
  assert.equal(r.status, 0, r.stderr);
  const before = initializers(source);
  const initial = initializers(join(src, 'epoch-000.onnx'));
  const got = initializers(join(flip, 'epoch-000.onnx'));
  assert.deepEqual([...got.keys()].sort(), [...before.keys()].sort());
  let buffers = 0;
  let params = 0;
  for (const [name, t] of got) {
    if (/\.running_(mean|var)$/.test(name)) {
      buffers++;
      assert.ok(bytesOf(t).equals(bytesOf(before.get(name)!)), `${name} copied unchanged`);
      assert.ok(!bytesOf(t).equals(bytesOf(initial.get(name)!)), `${name}: the source epoch had updated it (so the copy is not just the default)`);
    } else {
      params++;
      assert.ok(isNegation(before.get(name)!, t), `${name} negated`);
    }
  }
  assert.equal(buffers, 18);
  assert.equal(params, 29);
  const record = readRecord(flip);
  assert.equal(record.perturb.parameters.length, 29);
  assert.ok(!record.perturb.parameters.some((n: string) => n.includes('running_')), 'running statistics are not perturbed');
});

test('--freeze conv, and --freeze LAYER INITIALIZER: frozen tensors are bit-identical in every epoch, the others change', async () => {
  const byPrimitive = join(work, 'freeze-conv');
  const byName = join(work, 'freeze-names');
  const [a, b] = await wsAll([
    [...LENET, '--freeze', 'conv', '--out', byPrimitive, '--quiet'],
    [...LENET, '--freeze', 'fc1', 'fc2.bias', '--out', byName, '--quiet'],
  ]);
  assert.equal(a!.status, 0, a!.stderr);
  assert.equal(b!.status, 0, b!.stderr);
  const cases: [string, string[]][] = [
    [byPrimitive, ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias']],
    [byName, ['fc1.weight', 'fc1.bias', 'fc2.bias']],
  ];
  for (const [dir, frozen] of cases) {
    const epochs = [0, 1, 2, 3].map((e) => initializers(join(dir, checkpointName(e))));
    for (const name of LENET_TENSORS) {
      for (let e = 1; e <= 3; e++) {
        const same = bytesOf(epochs[e]!.get(name)!).equals(bytesOf(epochs[e - 1]!.get(name)!));
        if (frozen.includes(name)) assert.ok(same, `${dir}: ${name} frozen, but changed in epoch ${e}`);
        else assert.ok(!same, `${dir}: ${name} trains, but did not change in epoch ${e}`);
      }
    }
    assert.deepEqual([...readRecord(dir).freeze.parameters].sort(), [...frozen].sort(), `${dir}: run.json freeze`);
  }
  assert.deepEqual(readRecord(byName).freeze.requested, ['fc1', 'fc2.bias']);
  // Frozen from the start, the conv weights of epoch 3 are still the seed-0 initial draw of the plain run.
  const plainInitial = initializers(join(run, 'epoch-000.onnx'));
  const frozenLast = initializers(join(byPrimitive, 'epoch-003.onnx'));
  assert.ok(bytesOf(frozenLast.get('conv2.weight')!).equals(bytesOf(plainInitial.get('conv2.weight')!)));
});

test('same seed and options give byte-identical epoch files (and the same run id); another seed gives other weights', async () => {
  const again = join(work, 'lenet-again');
  const seed1 = join(work, 'lenet-seed1');
  const [a, b] = await wsAll([
    [...LENET, '--out', again, '--quiet'],
    [...LENET, '--seed', '1', '--out', seed1, '--quiet'],
  ]);
  assert.equal(a!.status, 0, a!.stderr);
  assert.equal(b!.status, 0, b!.stderr);
  for (let e = 0; e <= 3; e++) {
    const name = checkpointName(e);
    const x = initializers(join(run, name));
    const y = initializers(join(again, name));
    for (const t of LENET_TENSORS) assert.ok(bytesOf(x.get(t)!).equals(bytesOf(y.get(t)!)), `epoch ${e} ${t}: same initializer bytes`);
    // The run id derives from the options (not from time or the output directory), so whole files are identical.
    assert.ok(readFileSync(join(run, name)).equals(readFileSync(join(again, name))), `${name}: same file bytes`);
    const state = name.replace('.onnx', '.state');
    assert.ok(readFileSync(join(run, state)).equals(readFileSync(join(again, state))), `${state}: same optimizer state`);
  }
  assert.equal(readModel(join(again, 'epoch-003.onnx')).metadata['weightscale.run'], readRecord(run).runId);

  const other = readModel(join(seed1, 'epoch-000.onnx'));
  assert.notEqual(other.metadata['weightscale.run'], readRecord(run).runId, 'the seed is part of the run identity');
  for (const e of [0, 3]) {
    const x = initializers(join(run, checkpointName(e)));
    const y = initializers(join(seed1, checkpointName(e)));
    for (const t of ['conv1.weight', 'conv2.weight', 'fc1.weight', 'fc2.weight']) {
      assert.ok(!bytesOf(x.get(t)!).equals(bytesOf(y.get(t)!)), `epoch ${e} ${t}: seed 1 differs from seed 0`);
    }
  }
});
