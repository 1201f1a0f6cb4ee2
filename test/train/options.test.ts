import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrainOptions, parseInit, parsePerturb, withLearningRate } from '../../src/train/options.js';
import { configHash, runIdFor } from '../../src/train/config.js';
import { optimizerFromOptions } from '../../src/train/config.js';

const base = { model: 'mlp', dataset: 'synthetic', epochs: 2, batchSize: 8, lr: 0.01, out: 'runs/x' };

test('init and perturb values parse', () => {
  assert.deepEqual(parseInit('kaiming-normal'), { kind: 'scheme', scheme: 'kaiming-normal' });
  assert.deepEqual(parseInit('checkpoint:a/b.onnx'), { kind: 'checkpoint', path: 'a/b.onnx' });
  assert.deepEqual(parseInit('model'), { kind: 'model' });
  assert.throws(() => parseInit('checkpoint:'), /--init checkpoint:: expected/);
  assert.deepEqual(parsePerturb('noise:1e-3'), { kind: 'noise', eps: 0.001 });
  assert.deepEqual(parsePerturb(undefined), { kind: 'none' });
  assert.throws(() => parsePerturb('noise:-1'), /noise:EPS/);
  assert.throws(() => parsePerturb('noise:abc'), /noise:EPS/);
});

test('defaults: sgd, seed 0, auto device, kaiming-uniform (model weights with --artifacts), comma-separated freeze', () => {
  const o = checkTrainOptions({ ...base, freeze: ['conv,linear', ' norm '] });
  assert.equal(o.seed, 0);
  assert.equal(o.device, 'auto');
  assert.deepEqual(o.initChoice, { kind: 'scheme', scheme: 'kaiming-uniform' });
  assert.deepEqual(o.freeze, ['conv', 'linear', 'norm']);
  assert.equal(o.evalBatchSize, 256);
  assert.equal(optimizerFromOptions(o).kind, 'sgd');
  const a = checkTrainOptions({ ...base, model: undefined, artifactsDir: 'art' });
  assert.deepEqual(a.initChoice, { kind: 'model' });
});

test('option errors name the flag', () => {
  assert.throws(() => checkTrainOptions({ ...base, model: undefined }), /give --model NAME\|FILE\.onnx or --artifacts DIR/);
  assert.throws(() => checkTrainOptions({ ...base, artifactsDir: 'a' }), /either --model or --artifacts/);
  assert.throws(() => checkTrainOptions({ ...base, epochs: 1.5 }), /--epochs must be a non-negative integer/);
  assert.throws(() => checkTrainOptions({ ...base, lr: 0 }), /--lr must be a positive number/);
  assert.throws(() => checkTrainOptions({ ...base, momentum: 1 }), /--momentum must be below 1/);
  assert.throws(() => checkTrainOptions({ ...base, device: 'tpu' as 'cpu' }), /--device tpu/);
  assert.throws(() => checkTrainOptions({ ...base, optimizer: 'lbfgs' as 'sgd' }), /--optimizer lbfgs/);
  assert.throws(() => checkTrainOptions({ ...base, threads: -1 }), /--threads/);
});

test('the run id depends on what defines the run, not on epochs, output or device', () => {
  const hash = (extra: object) => {
    const o = checkTrainOptions({ ...base, ...extra });
    return configHash(withLearningRate(o, 'sgd'), optimizerFromOptions(o));
  };
  assert.equal(hash({}), hash({ epochs: 9, out: 'elsewhere', device: 'cpu', threads: 2 }));
  assert.notEqual(hash({}), hash({ seed: 1 }));
  assert.notEqual(hash({}), hash({ lr: 0.02 }));
  assert.notEqual(hash({}), hash({ perturb: 'flip' }));
  assert.notEqual(hash({}), hash({ freeze: ['conv'] }));
  assert.equal(runIdFor('lenet5', 'fashion-mnist', 'abcdef0123456789'), 'lenet5-fashion-mnist-abcdef012345');
  assert.equal(runIdFor('my model/x.onnx', 'idx', '0123456789abcdef'), 'my_model_x.onnx-idx-0123456789ab');
});

test('the learning rate defaults to the optimizer\'s (0.001 Adam, 0.01 otherwise); a given --lr wins; undefined overrides keep defaults', () => {
  const o = checkTrainOptions({ ...base, lr: undefined });
  assert.equal(withLearningRate(o, 'adam').lr, 0.001);
  assert.equal(withLearningRate(o, 'sgd').lr, 0.01);
  assert.equal(withLearningRate(o, 'momentum').lr, 0.01);
  assert.equal(withLearningRate(checkTrainOptions(base), 'adam').lr, 0.01);
  const opt = optimizerFromOptions(checkTrainOptions({ ...base, optimizer: 'momentum', momentum: undefined, weightDecay: 0.5 }));
  assert.deepEqual(opt, { kind: 'momentum', momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5 });
});
