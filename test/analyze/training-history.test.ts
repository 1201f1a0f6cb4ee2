import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrainingHistory, readTrainingHistory } from '../../src/analyze/training-history.js';
import { tempDir } from '../util/temp-dir.js';

const RUN = {
  schema: 'weightscale.run/1',
  model: 'lenet5',
  dataset: { name: 'mnist' },
  optimizer: { kind: 'sgd' },
  epochs: [
    { epoch: 1, trainLoss: 0.5, trainAccuracy: 0.8, testLoss: 0.45, testAccuracy: 0.82 },
    { epoch: 0, trainLoss: null, trainAccuracy: null, testLoss: 2.3, testAccuracy: 0.1 },
  ],
};

test('run.json: epochs sorted, losses and accuracies per epoch, null where not measured', () => {
  const h = parseTrainingHistory(JSON.stringify(RUN));
  assert.deepEqual(h, {
    file: 'run.json',
    model: 'lenet5',
    dataset: 'mnist',
    optimizer: 'sgd',
    epochs: [0, 1],
    trainLoss: [null, 0.5],
    trainAccuracy: [null, 0.8],
    testLoss: [2.3, 0.45],
    testAccuracy: [0.1, 0.82],
  });
  assert.throws(() => parseTrainingHistory('{"schema":"other/1","epochs":[]}'), /schema is "other\/1"/);
});

test('readTrainingHistory: none without run.json; a warning, not an error, for a bad one', (t) => {
  const dir = tempDir('history', t);
  const warnings: string[] = [];
  assert.equal(readTrainingHistory(dir, warnings), null);
  assert.deepEqual(warnings, []);
  writeFileSync(join(dir, 'run.json'), '{not json');
  assert.equal(readTrainingHistory(dir, warnings), null);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /run\.json: not read \(.*\); no training curves in the report$/);
  writeFileSync(join(dir, 'run.json'), JSON.stringify(RUN));
  assert.deepEqual(readTrainingHistory(dir, [])?.epochs, [0, 1]);
});
