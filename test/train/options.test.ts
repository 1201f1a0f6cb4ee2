import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { checkTrainOptions, learningRate, parseInit, parsePerturb, type TrainOptions } from '../../src/train/options.js';
import { hashIdentity, optimizerFromSettings, runIdentity, runIdFor } from '../../src/train/identity.js';

const base: TrainOptions = { model: 'mlp', dataset: 'synthetic', epochs: 2, batchSize: 8, lr: 0.01, out: 'runs/x' };

test('init and perturb values parse', () => {
  assert.deepEqual(parseInit('kaiming-normal'), { kind: 'scheme', scheme: 'kaiming-normal' });
  assert.deepEqual(parseInit('checkpoint:a/b.onnx'), { kind: 'checkpoint', path: 'a/b.onnx' });
  assert.deepEqual(parseInit('model'), { kind: 'model' });
  assert.throws(() => parseInit('checkpoint:'), /^InputError: invalid --init: got "checkpoint:", expected kaiming-uniform, kaiming-normal, model or checkpoint:PATH$/);
  assert.deepEqual(parsePerturb('noise:1e-3'), { kind: 'noise', eps: 0.001 });
  assert.deepEqual(parsePerturb(undefined), { kind: 'none' });
  assert.throws(() => parsePerturb('noise:-1'), /noise:EPS/);
  assert.throws(() => parsePerturb('noise:abc'), /noise:EPS/);
});

test('defaults: sgd, seed 0, auto device, kaiming-uniform (model weights with --artifacts), comma-separated freeze', () => {
  const o = checkTrainOptions({ ...base, freeze: ['conv,linear', ' norm '] });
  assert.equal(o.seed, 0);
  assert.equal(o.device, 'auto');
  assert.deepEqual(o.init, { kind: 'scheme', scheme: 'kaiming-uniform' });
  assert.deepEqual(o.freeze, ['conv', 'linear', 'norm']);
  assert.equal(o.evalBatchSize, 256);
  assert.equal(optimizerFromSettings(o).kind, 'sgd');
  const a = checkTrainOptions({ ...base, model: undefined, artifacts: 'art' });
  assert.deepEqual(a.init, { kind: 'model' });
});

test('the options come as the CLI parses them: --data wins over the --dataset default, --input-shape sets the synthetic shape', () => {
  const cli = { ...base, dataset: 'mnist', data: 'digits', inputShape: '3x32x32', synthetic: { classes: 4 } };
  const s = checkTrainOptions(cli);
  assert.equal(s.dataset, null);
  assert.equal(s.data, 'digits');
  assert.deepEqual(s.synthetic, { classes: 4, shape: [3, 32, 32] });
  // Keys the CLI parser adds ($0, kebab-case twins) are not carried on.
  const parsed = checkTrainOptions({ ...base, ...{ $0: 'weightscale', 'batch-size': 8, quiet: true } });
  assert.equal('$0' in parsed || 'batch-size' in parsed || 'quiet' in parsed, false);
});

test('option errors are worded one way: invalid FLAG: got VALUE, expected WHAT', () => {
  const cases: [Partial<TrainOptions>, string][] = [
    [{ epochs: 1.5 }, 'invalid --epochs: got 1.5, expected a non-negative integer'],
    [{ batchSize: 0 }, 'invalid --batch-size: got 0, expected a positive integer'],
    [{ lr: 0 }, 'invalid --lr: got 0, expected a positive number'],
    [{ momentum: 1 }, 'invalid --momentum: got 1, expected a number in [0, 1)'],
    [{ weightDecay: -0.1 }, 'invalid --weight-decay: got -0.1, expected a non-negative number'],
    [{ device: 'tpu' }, 'invalid --device: got "tpu", expected auto, cuda, cpu'],
    [{ optimizer: 'lbfgs' }, 'invalid --optimizer: got "lbfgs", expected sgd, momentum, adam'],
    [{ threads: -1 }, 'invalid --threads: got -1, expected a non-negative integer'],
    [{ seed: 0.5 }, 'invalid --seed: got 0.5, expected an integer'],
    [{ limitTrain: 0 }, 'invalid --limit-train: got 0, expected a positive integer'],
    [{ inputShape: '1,28' }, 'invalid --input-shape: got "1,28", expected C,H,W such as 1,28,28 or 3x32x32'],
  ];
  for (const [extra, message] of cases) {
    assert.throws(() => checkTrainOptions({ ...base, ...extra }), (e: unknown) => e instanceof InputError && e.message === message, message);
  }
  assert.throws(() => checkTrainOptions({ ...base, model: undefined }), /give --model NAME\|FILE\.onnx or --artifacts DIR/);
  assert.throws(() => checkTrainOptions({ ...base, artifacts: 'a' }), /either --model or --artifacts/);
});

test('the run id depends on what defines the run, not on epochs, output or device', () => {
  const hash = (extra: Partial<TrainOptions>) => {
    const s = checkTrainOptions({ ...base, ...extra });
    return hashIdentity(runIdentity(s, optimizerFromSettings(s)));
  };
  assert.equal(hash({}), hash({ epochs: 9, out: 'elsewhere', device: 'cpu', threads: 2 }));
  assert.notEqual(hash({}), hash({ seed: 1 }));
  assert.notEqual(hash({}), hash({ lr: 0.02 }));
  assert.notEqual(hash({}), hash({ perturb: 'flip' }));
  assert.notEqual(hash({}), hash({ freeze: ['conv'] }));
  // Plain SGD does not read a momentum: giving one does not make another run.
  assert.equal(hash({}), hash({ momentum: 0.5 }));
  assert.notEqual(hash({ optimizer: 'momentum' }), hash({ optimizer: 'momentum', momentum: 0.5 }));
  assert.equal(runIdFor('lenet5', 'fashion-mnist', 'abcdef0123456789'), 'lenet5-fashion-mnist-abcdef012345');
  assert.equal(runIdFor('my model/x.onnx', 'idx', '0123456789abcdef'), 'my_model_x.onnx-idx-0123456789ab');
});

test("the learning rate defaults to the optimizer's (0.001 Adam, 0.01 otherwise); a given --lr wins; undefined overrides keep defaults", () => {
  const s = checkTrainOptions({ ...base, lr: undefined });
  assert.equal(learningRate(s, 'adam'), 0.001);
  assert.equal(learningRate(s, 'sgd'), 0.01);
  assert.equal(learningRate(s, 'momentum'), 0.01);
  assert.equal(learningRate(checkTrainOptions(base), 'adam'), 0.01);
  const opt = optimizerFromSettings(checkTrainOptions({ ...base, optimizer: 'momentum', momentum: undefined, weightDecay: 0.5 }));
  assert.deepEqual(opt, { kind: 'momentum', momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5 });
});
