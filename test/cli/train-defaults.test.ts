/** Defaults `weightscale train` resolves from what it runs: the learning rate follows the optimizer in the artifacts. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, ws } from './helpers.js';

const TINY = ['--dataset', 'synthetic', '--limit-train', '32', '--limit-test', '16', '--batch-size', '16', '--quiet'];

let work: string;
before(() => {
  work = tempDir('cli-defaults');
});
after(() => rmSync(work, { recursive: true, force: true }));

const record = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));

test('train --artifacts DIR built for Adam, without --optimizer or --lr, uses Adam\'s 0.001 (README), SGD artifacts 0.01', () => {
  const adam = join(work, 'adam-artifacts');
  const sgd = join(work, 'sgd-artifacts');
  assert.equal(ws(['artifacts', '--model', 'mlp', '--optimizer', 'adam', '--out', adam]).status, 0);
  assert.equal(ws(['artifacts', '--model', 'mlp', '--out', sgd]).status, 0);
  const adamRun = join(work, 'adam-run');
  const sgdRun = join(work, 'sgd-run');
  const zooAdamRun = join(work, 'zoo-adam-run');
  for (const [args, out] of [
    [['--artifacts', adam], adamRun],
    [['--artifacts', sgd], sgdRun],
    [['--model', 'mlp', '--optimizer', 'adam'], zooAdamRun],
  ] as const) {
    const r = ws(['train', ...args, ...TINY, '--epochs', '1', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
  }
  assert.equal(record(adamRun).optimizer.kind, 'adam');
  assert.equal(record(adamRun).optimizer.lr, 0.001);
  assert.equal(record(sgdRun).optimizer.kind, 'sgd');
  assert.equal(record(sgdRun).optimizer.lr, 0.01);
  assert.equal(record(zooAdamRun).optimizer.lr, 0.001);
});
