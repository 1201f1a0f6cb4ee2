// run.json records the optimizer as its update uses it: plain SGD has no momentum or Adam coefficients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { train } from '../../src/train/train.js';
import { tempDir } from '../util/temp-dir.js';

const TINY = { model: 'mlp', dataset: 'synthetic', limitTrain: 16, limitTest: 8, epochs: 0, batchSize: 8, device: 'cpu', threads: 1 };

test('run.json lists only the coefficients the optimizer reads, with the learning rate', async (t) => {
  const root = tempDir('record', t);
  const optimizerOf = async (extra: object, out: string) => {
    await train({ ...TINY, ...extra, out: join(root, out) });
    return JSON.parse(readFileSync(join(root, out, 'run.json'), 'utf8')).optimizer;
  };
  // PyTorch's defaults: lr 0.01 (0.001 for Adam), momentum 0.9, Adam (0.9, 0.999, 1e-8).
  assert.deepEqual(await optimizerOf({ optimizer: 'sgd', momentum: 0.5 }, 'sgd'), { kind: 'sgd', lr: 0.01, weightDecay: 0 });
  assert.deepEqual(await optimizerOf({ optimizer: 'momentum', weightDecay: 0.25 }, 'momentum'), {
    kind: 'momentum',
    lr: 0.01,
    momentum: 0.9,
    weightDecay: 0.25,
  });
  assert.deepEqual(await optimizerOf({ optimizer: 'adam' }, 'adam'), {
    kind: 'adam',
    lr: 0.001,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0,
  });
  const record = JSON.parse(readFileSync(join(root, 'sgd', 'run.json'), 'utf8'));
  assert.deepEqual(record.config.optimizer, { kind: 'sgd', weightDecay: 0 });
});
