/** `diff A A`: the same run twice (also through another path) is named as such; two different runs are not. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeRun } from '../diff/tiny-runs.js';
import { tempDir, wsAll } from './helpers.js';

let work: string;
before(() => {
  work = tempDir('cli-same');
});
after(() => rmSync(work, { recursive: true, force: true }));

test('diff A A says it is the same run; diff A B does not', async () => {
  const a = writeRun(work, 'a', { checkpoints: 3 });
  const b = writeRun(work, 'b', { checkpoints: 3, sign: -1 });
  const alias = join(work, 'alias');
  symlinkSync(a, alias);
  const [same, viaLink, different] = await wsAll([
    ['diff', a, a, '--format', 'json', '--quiet', '--out', join(work, 'same')],
    ['diff', a, alias, '--format', 'json', '--quiet', '--out', join(work, 'link')],
    ['diff', a, b, '--format', 'json', '--quiet', '--out', join(work, 'different')],
  ]);
  for (const r of [same, viaLink, different]) assert.equal(r!.status, 0, r!.stderr);
  const note = /^note: A and B are the same run \(.*\): the diff compares it with itself/m;
  assert.match(same!.stderr, note);
  assert.match(viaLink!.stderr, note, 'a symbolic link to the same run is the same run');
  assert.doesNotMatch(different!.stderr, note);
  // The comparison itself is what a run compared with itself gives: perfect cluster agreement.
  assert.equal(JSON.parse(readFileSync(join(work, 'same', 'diff.json'), 'utf8')).clusterAgreement, 1);
});
