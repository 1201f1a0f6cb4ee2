import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../util/temp-dir.js';
import { ws } from './helpers.js';

const TINY = ['--dataset', 'synthetic', '--limit-train', '64', '--limit-test', '32', '--batch-size', '32'];

test('train --report keeps the run report current and ends with the report analyze gives afterwards', (t) => {
  const tmp = tempDir('train-report', t);
  const run = join(tmp, 'run');
  const report = join(tmp, 'report');
  const r = ws(['train', '--model', 'lenet5', ...TINY, '--epochs', '3', '--out', run, '--report', report]);
  assert.equal(r.status, 0, r.stderr);
  // An update after each epoch from the first (two checkpoints), and the last one at the end.
  assert.match(r.stderr, /report .* updated \(2 checkpoints/);
  assert.match(r.stderr, /report .* updated \(4 checkpoints/);
  assert.match(readFileSync(join(report, 'live.js'), 'utf8'), /"checkpoints":4,"final":true/);
  const after = join(tmp, 'after');
  const a = ws(['analyze', run, '--out', after, '--no-cache', '--quiet']);
  assert.equal(a.status, 0, a.stderr);
  for (const file of ['summary.json', 'rwc.csv', 'rwc-clipped.csv']) {
    assert.deepEqual(readFileSync(join(report, file)), readFileSync(join(after, file)), file);
  }
});

test('train --report refuses the run directory itself, with one line', (t) => {
  const run = join(tempDir('train-report', t), 'run');
  const r = ws(['train', '--model', 'lenet5', ...TINY, '--epochs', '1', '--out', run, '--report', run]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), `weightscale: --report ${run}: the report needs a directory of its own, not the run's (--out)`);
});
