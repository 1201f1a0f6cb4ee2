import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { readModel } from '../../src/onnx/read.js';
import { train, type TrainProgress } from '../../src/train/train.js';
import { bytesOf, tensorOf, tinyOptions } from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

test('a run writes epoch-000..003 with metadata, optimizer state and run.json', async () => {
  const root = tempDir('drv');
  try {
    const progress: TrainProgress[] = [];
    const result = await train(tinyOptions(root, 'run', { onProgress: (p) => progress.push(p) }));
    const out = join(root, 'run');
    assert.equal(result.provider, 'cpu');
    assert.equal(result.resumedFrom, null);
    assert.match(result.runId, /^tiny-softmax-synthetic-[0-9a-f]{12}$/);
    for (let epoch = 0; epoch <= 3; epoch++) {
      const model = readModel(join(out, `epoch-00${epoch}.onnx`));
      assert.equal(model.metadata['weightscale.epoch'], String(epoch));
      assert.equal(model.metadata['weightscale.step'], String(epoch * 6)); // 90 samples / 16 = 5 full + 1 partial
      assert.equal(model.metadata['weightscale.run'], result.runId);
      assert.deepEqual(model.graph.nodes.map((n) => n.opType), ['Flatten', 'MatMul', 'Add']);
      // Self-contained inference model: the weights are initializers, the only input is the image batch.
      assert.deepEqual(model.graph.initializers.map((t) => t.name).sort(), ['W', 'b']);
      assert.deepEqual(model.graph.inputs.map((i) => i.name), ['input']);
      assert.ok(existsSync(join(out, `epoch-00${epoch}.state`)));
    }
    const w0 = tensorOf(join(out, 'epoch-000.onnx'), 'W');
    const w3 = tensorOf(join(out, 'epoch-003.onnx'), 'W');
    assert.notDeepEqual(w3, w0);
    assert.deepEqual(w0, tensorOf(join(root, 'artifacts', 'checkpoint.onnx'), 'W')); // --init defaults to the artifacts' weights

    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    assert.equal(record.schema, 'weightscale.run/1');
    assert.equal(record.status, 'complete');
    assert.equal(record.runId, result.runId);
    assert.equal(record.device.provider, 'cpu');
    // The tiny artifacts' optimizer: momentum 0.9, no weight decay; --lr 0.1. No Adam coefficients.
    assert.deepEqual(record.optimizer, { kind: 'momentum', lr: 0.1, momentum: 0.9, weightDecay: 0 });
    assert.equal(record.dataset.trainSamples, 90);
    assert.deepEqual(record.epochs.map((e: { epoch: number }) => e.epoch), [0, 1, 2, 3]);
    assert.equal(record.epochs[0].trainLoss, null);
    const last = record.epochs[3];
    assert.ok(last.trainLoss > 0 && last.trainLoss < record.epochs[1].trainLoss + 1);
    assert.ok(last.testAccuracy > 0.5, `test accuracy ${last.testAccuracy}`);
    assert.ok(last.trainRunSeconds > 0 && last.trainJsSeconds >= 0 && last.evalSeconds > 0);

    const trainSteps = progress.filter((p) => p.phase === 'train');
    assert.equal(trainSteps.length, 18);
    assert.deepEqual(trainSteps.slice(0, 6).map((p) => p.batch), [1, 2, 3, 4, 5, 6]);
    assert.ok(trainSteps.every((p) => p.batches === 6 && p.epochs === 3 && p.acc >= 0 && p.acc <= 1));
    assert.equal(progress.filter((p) => p.phase === 'eval').length, 4);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('same options give bit-identical checkpoints', async () => {
  const root = tempDir('det');
  try {
    await train(tinyOptions(root, 'a', { epochs: 2 }));
    await train(tinyOptions(root, 'b', { epochs: 2 }));
    for (const f of ['epoch-000.onnx', 'epoch-001.onnx', 'epoch-002.onnx', 'epoch-002.state']) {
      assert.ok(bytesOf(join(root, 'a', f)).equals(bytesOf(join(root, 'b', f))), `${f} differs`);
    }
    await train(tinyOptions(root, 'c', { epochs: 1, seed: 6 }));
    assert.notDeepEqual(tensorOf(join(root, 'c', 'epoch-001.onnx'), 'W'), tensorOf(join(root, 'a', 'epoch-001.onnx'), 'W'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--perturb flip: epoch-000 holds the negated source weights', async () => {
  const root = tempDir('flip');
  try {
    const opts = tinyOptions(root, 'run', { epochs: 1, perturb: 'flip' });
    const source = join(root, 'artifacts', 'checkpoint.onnx');
    await train({ ...opts, init: `checkpoint:${source}` });
    for (const name of ['W', 'b']) {
      const flipped = tensorOf(join(root, 'run', 'epoch-000.onnx'), name);
      assert.deepEqual([...flipped], [...tensorOf(source, name)].map((v) => -v));
    }
    const record = JSON.parse(readFileSync(join(root, 'run', 'run.json'), 'utf8'));
    assert.deepEqual(record.perturb, { kind: 'flip', parameters: ['W', 'b'] });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--perturb noise:EPS adds seeded Gaussian noise of that size', async () => {
  const root = tempDir('noise');
  try {
    await train(tinyOptions(root, 'a', { epochs: 0, perturb: 'noise:0.5' }));
    await train(tinyOptions(root, 'b', { epochs: 0, perturb: 'noise:0.5' }));
    const source = tensorOf(join(root, 'artifacts', 'checkpoint.onnx'), 'W');
    const a = tensorOf(join(root, 'a', 'epoch-000.onnx'), 'W');
    assert.deepEqual(a, tensorOf(join(root, 'b', 'epoch-000.onnx'), 'W'));
    const diffs = [...a].map((v, i) => v - source[i]!);
    const rms = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
    assert.ok(rms > 0.3 && rms < 0.7, `rms of the noise ${rms}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--freeze keeps the frozen tensors bit-identical in every epoch', async () => {
  const root = tempDir('freeze');
  try {
    await train(tinyOptions(root, 'bias', { freeze: ['b'] }));
    await train(tinyOptions(root, 'linear', { freeze: ['linear'] }));
    const first = (dir: string, name: string) => tensorOf(join(root, dir, 'epoch-000.onnx'), name);
    for (let epoch = 1; epoch <= 3; epoch++) {
      const file = (dir: string) => join(root, dir, `epoch-00${epoch}.onnx`);
      assert.deepEqual(tensorOf(file('bias'), 'b'), first('bias', 'b'));
      assert.notDeepEqual(tensorOf(file('bias'), 'W'), first('bias', 'W'));
      // The linear layer is MatMul W + Add b: freezing the primitive freezes both.
      assert.deepEqual(tensorOf(file('linear'), 'W'), first('linear', 'W'));
      assert.deepEqual(tensorOf(file('linear'), 'b'), first('linear', 'b'));
    }
    const record = JSON.parse(readFileSync(join(root, 'linear', 'run.json'), 'utf8'));
    assert.deepEqual(record.freeze, { requested: ['linear'], parameters: ['W', 'b'] });
    await assert.rejects(train(tinyOptions(root, 'bad', { freeze: ['depthwise'] })), /--freeze depthwise: the model has no depthwise layers \(it has: linear\)/);
    await assert.rejects(train(tinyOptions(root, 'bad2', { freeze: ['nope'] })), /--freeze nope: not a primitive/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--resume after losing the last checkpoint reproduces it bit-identically, and can extend the run', async () => {
  const root = tempDir('resume');
  try {
    const opts = tinyOptions(root, 'run');
    const out = join(root, 'run');
    await train(opts);
    const original = bytesOf(join(out, 'epoch-003.onnx'));
    const originalState = bytesOf(join(out, 'epoch-003.state'));
    rmSync(join(out, 'epoch-003.onnx'));
    const resumed = await train({ ...opts, resume: true });
    assert.equal(resumed.resumedFrom, 2);
    assert.ok(bytesOf(join(out, 'epoch-003.onnx')).equals(original));
    assert.ok(bytesOf(join(out, 'epoch-003.state')).equals(originalState));
    assert.deepEqual(resumed.record.epochs.map((e) => e.epoch), [0, 1, 2, 3]);

    const extended = await train({ ...opts, epochs: 4, resume: true });
    assert.equal(extended.resumedFrom, 3);
    const model = readModel(join(out, 'epoch-004.onnx'));
    assert.equal(model.metadata['weightscale.step'], '24');
    const uninterrupted = await train({ ...opts, epochs: 4, out: join(root, 'straight') });
    assert.ok(bytesOf(join(out, 'epoch-004.onnx')).equals(bytesOf(join(root, 'straight', 'epoch-004.onnx'))));
    assert.equal(uninterrupted.resumedFrom, null);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an existing run is not overwritten, and --resume refuses other options', async () => {
  const root = tempDir('guard');
  try {
    const opts = tinyOptions(root, 'run', { epochs: 1 });
    await train(opts);
    await assert.rejects(train(opts), (e: Error) => e instanceof InputError && /already holds a run .*--resume/.test(e.message));
    await assert.rejects(train({ ...opts, lr: 0.2, resume: true }), new RegExp(`--resume: .* was written with --lr ${opts.lr ?? 0.01}, now 0\\.2;`));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('bad options and mismatched artifacts are InputErrors', async () => {
  const root = tempDir('bad');
  try {
    const opts = tinyOptions(root, 'run');
    await assert.rejects(train({ ...opts, optimizer: 'adam' }), /--optimizer adam differs from the artifacts .* \(momentum\)/);
    await assert.rejects(train({ ...opts, synthetic: { shape: [1, 5, 5], classes: 3 } }), /takes input \[batch, 1, 4, 4\] but the synthetic images are \[1, 5, 5\]/);
    await assert.rejects(train({ ...opts, synthetic: { shape: [1, 4, 4], classes: 4 } }), /has 3 outputs but the synthetic data has 4 classes/);
    await assert.rejects(train({ ...opts, perturb: 'shake' }), /^InputError: invalid --perturb: got "shake", expected flip or noise:EPS/);
    await assert.rejects(train({ ...opts, init: 'xavier' }), /^InputError: invalid --init: got "xavier", expected kaiming-uniform/);
    await assert.rejects(train({ ...opts, batchSize: 0 }), /^InputError: invalid --batch-size: got 0, expected a positive integer$/);
    await assert.rejects(train({ ...opts, init: `checkpoint:${join(root, 'missing.onnx')}` }), (e: Error) => e instanceof InputError && /missing\.onnx: file not found/.test(e.message));
    await assert.rejects(train({ ...opts, artifacts: join(root, 'nothing') }), /--artifacts .*nothing: no artifacts\.json/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('device auto records the provider used and why CUDA was not', async (t) => {
  const root = tempDir('auto');
  try {
    const result = await train(tinyOptions(root, 'run', { epochs: 0, device: 'auto' }));
    const record = JSON.parse(readFileSync(join(root, 'run', 'run.json'), 'utf8'));
    assert.equal(record.device.requested, 'auto');
    assert.equal(record.device.provider, result.provider);
    if (result.provider === 'cuda') {
      t.skip('this machine has a working CUDA provider');
      return;
    }
    assert.match(record.device.notes[0], /^CUDA execution provider not used: /);
    await assert.rejects(train(tinyOptions(root, 'cuda', { epochs: 0, device: 'cuda' })), (e: Error) => e instanceof InputError && /--device cuda/.test(e.message));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--steps-per-run 4 (the K-step Loop model, groups of 4, 1 and the short last batch) gives the same checkpoints bit for bit', async () => {
  const root = tempDir('ksteps');
  try {
    const progress: TrainProgress[] = [];
    const single = await train(tinyOptions(root, 'single', { epochs: 2 }));
    const grouped = await train(tinyOptions(root, 'grouped', { epochs: 2, stepsPerRun: 4, onProgress: (p) => progress.push(p) }));
    for (const f of ['epoch-001.onnx', 'epoch-001.state', 'epoch-002.onnx', 'epoch-002.state']) {
      assert.ok(bytesOf(join(root, 'single', f)).equals(bytesOf(join(root, 'grouped', f))), `${f} differs`);
    }
    assert.deepEqual(grouped.record.epochs.map((e) => [e.step, e.trainLoss]), single.record.epochs.map((e) => [e.step, e.trainLoss]));
    // 90 samples in batches of 16: 6 batches per epoch, each reported once.
    assert.deepEqual(progress.filter((p) => p.phase === 'train' && p.epoch === 1).map((p) => p.batch), [1, 2, 3, 4, 5, 6]);
    await assert.rejects(train(tinyOptions(root, 'bad', { stepsPerRun: 0 })), /invalid --steps-per-run: got 0/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
