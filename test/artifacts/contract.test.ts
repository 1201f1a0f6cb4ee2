import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { DataType } from '../../src/onnx/types.js';
import { buildArtifacts, writeArtifacts } from '../../src/artifacts/build.js';
import { intAttr } from '../../src/graph/attrs.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import { float32Tensor } from '../../src/graph/tensors.js';
import { optimizerConfig } from '../../src/artifacts/optim/index.js';
import { createSession, floatTensor, int64Tensor, run } from '../../src/runtime/session.js';
import { zooModel } from '../../src/zoo/index.js';
import { uniform } from './autodiff/gradcheck.js';
import { checkpointValues, maxAbsDiff, openModel, trainStep } from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

const LENET_PARAMS = ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'];

test('lenet5 + momentum: the contract and the I/O of the four models', () => {
  const a = buildArtifacts(zooModel('lenet5'), { modelName: 'lenet5', optimizer: optimizerConfig('momentum') });
  const c = a.contract;
  assert.equal(c.schema, 'weightscale.artifacts/1');
  assert.equal(c.model, 'lenet5');
  assert.equal(c.loss, 'cross-entropy');
  assert.equal(c.opset, 17);
  assert.deepEqual(c.input, { name: 'input', shape: ['batch', 1, 28, 28], dtype: 'float32' });
  assert.deepEqual(c.labels, { name: 'labels', shape: ['batch'], dtype: 'int64' });
  assert.equal(c.numClasses, 10);
  assert.deepEqual([c.lr, c.step, c.loss_output, c.correct_output, c.logits_output], ['lr', 'step', 'loss', 'correct', 'logits']);
  assert.deepEqual(c.params.map((p) => p.name), LENET_PARAMS);
  assert.ok(c.params.every((p) => p.trainable && p.role === 'parameter' && p.updatedName === `new.${p.name}`));
  assert.deepEqual(c.params.find((p) => p.name === 'fc1.weight')!.shape, [500, 800]);
  assert.deepEqual(c.state.map((s) => [s.name, s.param, s.kind, s.updatedName, s.initial]), LENET_PARAMS.map((p) => [`momentum.${p}`, p, 'momentum', `new.momentum.${p}`, 0]));
  assert.deepEqual(c.files, { training: 'training_model.onnx', eval: 'eval_model.onnx', inference: 'inference_model.onnx', checkpoint: 'checkpoint.onnx' });

  const io = (names: { name: string }[]) => names.map((v) => v.name);
  assert.deepEqual(io(a.training.graph.inputs), [...LENET_PARAMS, ...c.state.map((s) => s.name), 'input', 'labels', 'lr', 'step']);
  assert.deepEqual(io(a.training.graph.outputs), ['loss', 'correct', ...LENET_PARAMS.map((p) => `new.${p}`), ...c.state.map((s) => s.updatedName)]);
  assert.deepEqual(io(a.eval.graph.inputs), [...LENET_PARAMS, 'input', 'labels']);
  assert.deepEqual(io(a.eval.graph.outputs), ['loss', 'correct']);
  assert.deepEqual(io(a.inference.graph.inputs), [...LENET_PARAMS, 'input']);
  assert.deepEqual(io(a.inference.graph.outputs), ['logits']);
  assert.deepEqual(io(a.checkpoint.graph.inputs), ['input']);
  assert.deepEqual(a.checkpoint.graph.initializers.map((t) => t.name), LENET_PARAMS);
  for (const m of [a.training, a.eval, a.inference, a.checkpoint]) {
    assert.ok(m.graph.nodes.every((n) => n.domain === ''), 'default domain only');
    assert.ok(!m.graph.nodes.some((n) => ['Gradient', 'SoftmaxCrossEntropyLoss'].includes(n.opType)));
  }
});

test('resnet-mini: BatchNorm running statistics are buffers, updated by the training step, used by eval', async () => {
  const a = buildArtifacts(zooModel('resnet-mini', { inputShape: [3, 8, 8] }), { modelName: 'resnet-mini', optimizer: optimizerConfig('sgd') });
  const buffers = a.contract.params.filter((p) => p.role === 'buffer');
  assert.equal(buffers.length, 18);
  assert.ok(buffers.every((p) => !p.trainable && /running_(mean|var)$/.test(p.name)));
  assert.equal(a.contract.params.filter((p) => p.trainable).length, 9 + 2 + 9 * 2); // conv weights, fc, BN scale+shift
  const session = await openModel(a.training);
  const values = checkpointValues(a);
  const x = uniform(4 * 3 * 64, 8, 0, 2);
  const { next } = await trainStep(session, a, values, x, [0, 1, 2, 3], 0.1, 1);
  const mean = next['bn1.running_mean']!;
  const variance = next['bn1.running_var']!;
  assert.ok(maxAbsDiff(mean, values['bn1.running_mean']!) > 1e-3, 'running mean moved');
  assert.ok(maxAbsDiff(variance, values['bn1.running_var']!) > 1e-4, 'running var moved');

  const evalSession = await openModel(a.eval);
  const evalLoss = async (w: Record<string, Float32Array>) => {
    const out = await run(evalSession, {
      ...Object.fromEntries(a.contract.params.map((p) => [p.name, floatTensor(w[p.name]!, p.shape)])),
      input: floatTensor(x, [4, 3, 8, 8]),
      labels: int64Tensor(BigInt64Array.of(0n, 1n, 2n, 3n), [4]),
    });
    return Number(out['loss']!.data[0]);
  };
  const withOldStats = { ...next, 'bn1.running_mean': values['bn1.running_mean']!, 'bn1.running_var': values['bn1.running_var']! };
  assert.notEqual(await evalLoss(next), await evalLoss(withOldStats), 'eval depends on the running statistics');
});

test('frozen parameters pass through unchanged and get no optimizer state', async () => {
  const a = buildArtifacts(zooModel('lenet5'), { modelName: 'lenet5', optimizer: optimizerConfig('adam'), frozen: ['conv1.weight', 'conv1.bias'] });
  assert.deepEqual(a.contract.params.filter((p) => !p.trainable).map((p) => p.name), ['conv1.weight', 'conv1.bias']);
  assert.ok(!a.contract.state.some((s) => s.param.startsWith('conv1.')));
  assert.equal(a.contract.state.length, 12);
  const session = await openModel(a.training);
  const values = checkpointValues(a);
  const { next } = await trainStep(session, a, values, uniform(2 * 784, 3, 0, 1), [3, 7], 0.01, 1);
  assert.deepEqual(next['conv1.weight'], values['conv1.weight']);
  assert.deepEqual(next['conv1.bias'], values['conv1.bias']);
  assert.ok(maxAbsDiff(next['conv2.weight']!, values['conv2.weight']!) > 1e-3);
});

test('trainable selects the parameters that get gradients', () => {
  const a = buildArtifacts(zooModel('lenet5'), { modelName: 'lenet5', optimizer: optimizerConfig('sgd'), trainable: ['fc2.weight', 'fc2.bias'] });
  assert.deepEqual(a.contract.params.filter((p) => p.trainable).map((p) => p.name), ['fc2.weight', 'fc2.bias']);
  // Nothing upstream of fc2 needs a gradient: no ConvTranspose (conv input gradient) in the graph.
  assert.ok(!a.training.graph.nodes.some((n) => n.opType === 'ConvTranspose'));
  assert.ok(!a.training.graph.nodes.some((n) => n.name.startsWith('conv1.grad')));
});

test('bad parameter selections and unsupported ops are InputErrors naming what is wrong', () => {
  const lenet = zooModel('lenet5');
  const sgd = optimizerConfig('sgd');
  assert.throws(() => buildArtifacts(lenet, { modelName: 'x', optimizer: sgd, frozen: ['conv9.weight'] }), (e) => e instanceof InputError && /conv9\.weight/.test(e.message));
  const resnet = zooModel('resnet-mini');
  assert.throws(() => buildArtifacts(resnet, { modelName: 'x', optimizer: sgd, trainable: ['bn1.running_mean'] }), (e) => e instanceof InputError && /running/.test(e.message));

  const b = new GraphBuilder();
  b.input('input', DataType.FLOAT, ['batch', 4]);
  b.initializer(float32Tensor('w', [3, 4], uniform(12, 1)));
  const h = b.op('Softplus', ['input'], {}, 'pre');
  const y = b.op('Gemm', [h, 'w'], { transB: intAttr(1) }, 'fc');
  b.node('Softsign', [y], {}, { name: 'squash', outputs: ['logits'] });
  b.output('logits', DataType.FLOAT, ['batch', 3]);
  assert.throws(
    () => buildArtifacts(b.build('m'), { modelName: 'm', optimizer: sgd }),
    (e) => e instanceof InputError && /node squash/.test(e.message) && /Softsign/.test(e.message),
  );
});

test('an unsupported op off the gradient path (on the input only) is fine', async () => {
  const b = new GraphBuilder();
  b.input('input', DataType.FLOAT, ['batch', 4]);
  b.initializer(float32Tensor('w', [3, 4], uniform(12, 1)));
  const h = b.op('Softplus', ['input'], {}, 'pre');
  b.node('Gemm', [h, 'w'], { transB: intAttr(1) }, { name: 'fc', outputs: ['logits'] });
  b.output('logits', DataType.FLOAT, ['batch', 3]);
  const a = buildArtifacts(b.build('m'), { modelName: 'm', optimizer: optimizerConfig('sgd') });
  const session = await openModel(a.training);
  const step = await trainStep(session, a, checkpointValues(a), uniform(8, 2), [0, 2], 0.1, 1);
  assert.ok(Number.isFinite(step.loss));
});

test('writeArtifacts writes the four models and artifacts.json; onnxruntime loads the files', async (t) => {
  const dir = tempDir('artifacts', t);
  const a = buildArtifacts(zooModel('mlp'), { modelName: 'mlp', optimizer: optimizerConfig('adam') });
  writeArtifacts(join(dir, 'out'), a);
  const files = readdirSync(join(dir, 'out')).sort();
  assert.deepEqual(files, ['artifacts.json', 'checkpoint.onnx', 'eval_model.onnx', 'inference_model.onnx', 'training_model.onnx']);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out', 'artifacts.json'), 'utf8')), JSON.parse(JSON.stringify(a.contract)));
  for (const f of files.filter((f) => f.endsWith('.onnx'))) {
    const s = await createSession(join(dir, 'out', f), { device: 'cpu', graphOptimizationLevel: 'all' });
    assert.ok(s.outputNames.length >= 1, f);
  }
});

test('lenet5: eval loss equals the training loss for the same weights; checkpoint and inference logits agree', async () => {
  const a = buildArtifacts(zooModel('lenet5', { seed: 4 }), { modelName: 'lenet5', optimizer: optimizerConfig('sgd') });
  const values = checkpointValues(a);
  const x = uniform(3 * 784, 12, 0, 1);
  const labels = [1, 4, 9];
  const step = await trainStep(await openModel(a.training), a, values, x, labels, 0.1, 1);
  const weights = Object.fromEntries(a.contract.params.map((p) => [p.name, floatTensor(values[p.name]!, p.shape)]));
  const input = floatTensor(x, [3, 1, 28, 28]);
  const evalOut = await run(await openModel(a.eval), { ...weights, input, labels: int64Tensor(BigInt64Array.from(labels, BigInt), [3]) });
  assert.ok(Math.abs(Number(evalOut['loss']!.data[0]) - step.loss) < 1e-6);
  assert.equal(Number(evalOut['correct']!.data[0]), step.correct);
  const inferred = (await run(await openModel(a.inference), { ...weights, input }))['logits']!;
  const fromCheckpoint = (await run(await openModel(a.checkpoint), { input }))['logits']!;
  assert.deepEqual(inferred.dims, [3, 10]);
  // Same weights; onnxruntime may pre-pack initializers and pick other kernels, so allow float rounding.
  assert.ok(maxAbsDiff(fromCheckpoint.data as Float32Array, inferred.data as Float32Array) < 1e-5);
});
