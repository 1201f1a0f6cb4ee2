/** The driver on artifacts built from the model zoo (mlp, lenet5, resnet-mini) and synthetic data, tiny runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '../../src/onnx/read.js';
import { syntheticDataset } from '../../src/datasets/synthetic.js';
import { train, type TrainOptions } from '../../src/train/train.js';
import { createSession, floatTensor, releaseSession, run } from '../../src/runtime/session.js';
import { buildArtifacts, writeArtifacts } from '../../src/artifacts/build.js';
import { zooModel } from '../../src/zoo/index.js';
import { loadArtifactsDir } from '../../src/train/artifacts-dir.js';
import { bytesOf, tensorOf } from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

function zooOptions(root: string, out: string, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model: 'mlp',
    dataset: 'synthetic',
    limitTrain: 96,
    limitTest: 32,
    epochs: 2,
    batchSize: 32,
    lr: 0.05,
    optimizer: 'momentum',
    device: 'cpu',
    seed: 1,
    out: join(root, out),
    ...extra,
  };
}

test('mlp: checkpoints are complete inference models that reproduce the recorded test accuracy', async () => {
  const root = tempDir('zoo-mlp');
  try {
    const result = await train(zooOptions(root, 'run'));
    const file = join(root, 'run', 'epoch-002.onnx');
    const model = readModel(file);
    assert.equal(model.metadata['weightscale.epoch'], '2');
    assert.equal(model.metadata['weightscale.step'], '6');
    assert.equal(model.metadata['weightscale.run'], result.runId);
    assert.deepEqual(model.graph.inputs.map((i) => i.name), ['input']);
    assert.deepEqual(model.graph.initializers.map((t) => t.name).sort(), ['fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight']);

    const test = syntheticDataset({ seed: 0, trainCount: 96, testCount: 32 }).test;
    const session = await createSession(file, { device: 'cpu' });
    const out = await run(session, { input: floatTensor(test.images, [32, 1, 28, 28]) });
    await releaseSession(session);
    const logits = Object.values(out)[0]!.data as Float32Array;
    let correct = 0;
    for (let s = 0; s < 32; s++) {
      const row = [...logits.subarray(s * 10, s * 10 + 10)];
      if (row.indexOf(Math.max(...row)) === test.labels[s]) correct++;
    }
    assert.equal(correct / 32, result.record.epochs[2]!.testAccuracy);
    assert.ok(result.record.epochs[2]!.trainLoss! < result.record.epochs[1]!.trainLoss!);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lenet5: --freeze conv keeps conv weights and biases bit-identical, linear layers train', async () => {
  const root = tempDir('zoo-freeze');
  try {
    const result = await train(zooOptions(root, 'run', { model: 'lenet5', freeze: ['conv'] }));
    const frozen = result.record.freeze.parameters;
    assert.ok(frozen.length === 4 && frozen.every((n) => n.startsWith('conv')), frozen.join(','));
    const at = (epoch: number, name: string) => tensorOf(join(root, 'run', `epoch-00${epoch}.onnx`), name);
    for (const name of frozen) {
      assert.deepEqual(at(1, name), at(0, name));
      assert.deepEqual(at(2, name), at(0, name));
    }
    const fc = readModel(join(root, 'run', 'epoch-000.onnx')).graph.initializers.find((t) => !t.name.startsWith('conv'))!.name;
    assert.notDeepEqual(at(2, fc), at(0, fc));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lenet5: --perturb flip from checkpoint:PATH, and determinism with default threads', async () => {
  const root = tempDir('zoo-flip');
  try {
    await train(zooOptions(root, 'a', { model: 'lenet5', epochs: 1, init: 'kaiming-normal' }));
    await train(zooOptions(root, 'b', { model: 'lenet5', epochs: 1, init: 'kaiming-normal' }));
    for (const f of ['epoch-000.onnx', 'epoch-001.onnx', 'epoch-001.state']) {
      assert.ok(bytesOf(join(root, 'a', f)).equals(bytesOf(join(root, 'b', f))), `${f} differs between identical runs`);
    }
    const source = join(root, 'a', 'epoch-001.onnx');
    const flipped = await train(zooOptions(root, 'flip', { model: 'lenet5', epochs: 0, init: `checkpoint:${source}`, perturb: 'flip' }));
    const sourceModel = readModel(source);
    const weights = sourceModel.graph.initializers.map((t) => t.name);
    assert.equal(flipped.record.perturb.parameters.length, weights.length);
    for (const name of weights) {
      assert.deepEqual([...tensorOf(join(root, 'flip', 'epoch-000.onnx'), name)], [...tensorOf(source, name)].map((v) => -v), name);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('mlp with adam: resume after losing the last checkpoint is bit-identical', async () => {
  const root = tempDir('zoo-resume');
  try {
    const opts = zooOptions(root, 'run', { optimizer: 'adam', lr: 0.001 });
    await train(opts);
    const out = join(root, 'run');
    const original = bytesOf(join(out, 'epoch-002.onnx'));
    const originalState = bytesOf(join(out, 'epoch-002.state'));
    assert.equal(readModel(join(out, 'epoch-002.state')).graph.initializers.length, 8); // adam m and v of 4 tensors
    rmSync(join(out, 'epoch-002.onnx'));
    const resumed = await train({ ...opts, resume: true });
    assert.equal(resumed.resumedFrom, 1);
    assert.ok(bytesOf(join(out, 'epoch-002.onnx')).equals(original));
    assert.ok(bytesOf(join(out, 'epoch-002.state')).equals(originalState));
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    assert.deepEqual(record.epochs.map((e: { epoch: number }) => e.epoch), [0, 1, 2]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('resnet-mini: BatchNorm running statistics are updated and saved; --freeze norm keeps scale and shift', async () => {
  const root = tempDir('zoo-bn');
  try {
    await train(zooOptions(root, 'run', { model: 'resnet-mini', epochs: 1, limitTrain: 32, limitTest: 16, freeze: ['norm'] }));
    const at = (epoch: number, name: string) => tensorOf(join(root, 'run', `epoch-00${epoch}.onnx`), name);
    assert.deepEqual([...at(0, 'bn1.running_var')], new Array(at(0, 'bn1.running_var').length).fill(1));
    assert.notDeepEqual(at(1, 'bn1.running_var'), at(0, 'bn1.running_var'));
    assert.notDeepEqual(at(1, 'bn1.running_mean'), at(0, 'bn1.running_mean'));
    assert.deepEqual(at(1, 'bn1.weight'), at(0, 'bn1.weight'));
    assert.deepEqual(at(1, 'bn1.bias'), at(0, 'bn1.bias'));
    assert.notDeepEqual(at(1, 'conv1.weight'), at(0, 'conv1.weight'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('resnet-mini: weights the training model holds channels-last go in and out in the model layout', async () => {
  const root = tempDir('zoo-layout');
  try {
    const built = buildArtifacts(zooModel('resnet-mini', { inputShape: [1, 28, 28], numClasses: 10 }), { modelName: 'resnet-mini', optimizer: { kind: 'momentum', momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 } });
    const held = built.contract.params.filter((p) => p.layout !== undefined).map((p) => p.name);
    assert.ok(held.includes('layer3.0.conv2.weight'), held.join(','));
    const opts = zooOptions(root, 'a', { model: 'resnet-mini', epochs: 2, limitTrain: 64, limitTest: 16 });
    const result = await train(opts);
    // Starting from a checkpoint, epoch 0 holds exactly its values: in and out are inverse permutations.
    const source = join(root, 'a', 'epoch-002.onnx');
    await train(zooOptions(root, 'b', { model: 'resnet-mini', epochs: 0, limitTrain: 64, limitTest: 16, init: `checkpoint:${source}` }));
    for (const name of held) assert.deepEqual(tensorOf(join(root, 'b', 'epoch-000.onnx'), name), tensorOf(source, name), name);
    // The recorded accuracy is the checkpoint's own.
    const test = syntheticDataset({ seed: 0, trainCount: 64, testCount: 16 }).test;
    const session = await createSession(source, { device: 'cpu' });
    const logits = Object.values(await run(session, { input: floatTensor(test.images, [16, 1, 28, 28]) }))[0]!.data as Float32Array;
    await releaseSession(session);
    let correct = 0;
    for (let s = 0; s < 16; s++) {
      const row = [...logits.subarray(s * 10, s * 10 + 10)];
      if (row.indexOf(Math.max(...row)) === test.labels[s]) correct++;
    }
    assert.equal(correct / 16, result.record.epochs[2]!.testAccuracy);
    // Momentum state saved in the model layout and read back: resuming equals the uninterrupted run.
    const original = bytesOf(source);
    rmSync(source);
    const resumed = await train({ ...opts, resume: true });
    assert.equal(resumed.resumedFrom, 1);
    assert.ok(bytesOf(source).equals(original));
    // An artifacts.json whose layout is not a permutation of the tensor's axes is refused, naming the tensor.
    const dir = join(root, 'artifacts');
    writeArtifacts(dir, built);
    const contract = JSON.parse(readFileSync(join(dir, 'artifacts.json'), 'utf8'));
    contract.params.find((p: { name: string }) => p.name === 'layer3.0.conv2.weight').layout = [0, 2, 3, 3];
    writeFileSync(join(dir, 'artifacts.json'), JSON.stringify(contract));
    assert.throws(() => loadArtifactsDir(dir), /layer3\.0\.conv2\.weight: layout \[0,2,3,3\] is not a permutation of its 4 axes/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--artifacts DIR written by writeArtifacts trains like the built-in path', async () => {
  const root = tempDir('zoo-dir');
  try {
    const dir = join(root, 'artifacts');
    const forward = zooModel('mlp', { inputShape: [1, 28, 28], numClasses: 10 });
    const optimizer = { kind: 'momentum' as const, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };
    writeArtifacts(dir, buildArtifacts(forward, { modelName: 'mlp', optimizer }));
    const { model: _model, ...rest } = zooOptions(root, 'from-dir', { init: 'kaiming-uniform' });
    const fromDir = await train({ ...rest, artifacts: dir });
    await train(zooOptions(root, 'built'));
    assert.equal(fromDir.record.artifacts, dir);
    for (const name of ['fc1.weight', 'fc2.bias']) {
      assert.deepEqual(tensorOf(join(root, 'from-dir', 'epoch-002.onnx'), name), tensorOf(join(root, 'built', 'epoch-002.onnx'), name));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
