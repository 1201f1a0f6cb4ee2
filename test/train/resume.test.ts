// --resume compares the identity run.json records with this run's, the optimizer by the coefficients its update
// reads: a record that lists every coefficient (momentum and Adam's alike) still resumes when those agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { train } from '../../src/train/train.js';
import { tinyOptions } from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

function rewriteRecord(file: string, edit: (record: { config: { optimizer: object }; configHash: string }) => void): void {
  const record = JSON.parse(readFileSync(file, 'utf8'));
  edit(record);
  writeFileSync(file, JSON.stringify(record, null, 2));
}

test('--resume accepts a record whose optimizer lists unused coefficients, and names a used one that differs', async (t) => {
  const root = tempDir('resume-identity', t);
  const opts = tinyOptions(root, 'run', { epochs: 1 });
  const first = await train(opts);
  const file = join(root, 'run', 'run.json');
  // The tiny artifacts' optimizer is momentum 0.9 without weight decay.
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).config.optimizer, { kind: 'momentum', momentum: 0.9, weightDecay: 0 });

  rewriteRecord(file, (r) => {
    r.config.optimizer = { kind: 'momentum', momentum: 0.9, beta1: 0.5, beta2: 0.5, epsilon: 1, weightDecay: 0 };
    r.configHash = '0000000000000000';
  });
  const resumed = await train({ ...opts, epochs: 2, resume: true });
  assert.equal(resumed.resumedFrom, 1);
  assert.equal(resumed.runId, first.runId);

  rewriteRecord(file, (r) => {
    r.config.optimizer = { kind: 'momentum', momentum: 0.8, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };
  });
  await assert.rejects(
    train({ ...opts, epochs: 3, resume: true }),
    (e: unknown) => e instanceof InputError && /was written with --momentum 0\.8, now 0\.9; use the same options/.test(e.message),
  );
});
