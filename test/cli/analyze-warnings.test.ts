/**
 * `analyze` says when the clustering is not what was asked for: a capped --k, and a run with one transition.
 * Both reach stderr and summary.json's warnings.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeRun } from '../diff/tiny-runs.js';
import { tempDir, wsAll } from './helpers.js';

let work: string;
before(() => {
  work = tempDir('cli-warn');
});
after(() => rmSync(work, { recursive: true, force: true }));

const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

test('--k above the number of layers is capped with a warning; one transition warns that curves only rank layers', async () => {
  const three = writeRun(work, 'three', { checkpoints: 4 }); // 3 layers, 3 transitions
  const two = writeRun(work, 'two', { checkpoints: 2 }); // 1 transition
  const [capped, single, plain] = await wsAll([
    ['analyze', three, '--k', '50', '--format', 'json', '--quiet', '--out', join(work, 'capped')],
    ['analyze', two, '--format', 'json', '--quiet', '--out', join(work, 'single')],
    ['analyze', three, '--k', '2', '--format', 'json', '--quiet', '--out', join(work, 'plain')],
  ]);
  for (const r of [capped, single, plain]) assert.equal(r!.status, 0, r!.stderr);

  const cappedSummary = summaryOf(join(work, 'capped'));
  const k = cappedSummary.clustering.all.k;
  assert.ok(k <= 3, `k ${k} is at most the 3 layers`);
  const cap = cappedSummary.warnings.find((w: string) => w.startsWith('--k 50 capped'));
  assert.ok(cap !== undefined, `summary.json warns: ${JSON.stringify(cappedSummary.warnings)}`);
  assert.match(cap, new RegExp(`^--k 50 capped at k = ${k}: there are only 3 clustered layers`));
  assert.ok(capped!.stderr.includes(`warning: ${cap}\n`), 'the same warning on stderr');

  const singleSummary = summaryOf(join(work, 'single'));
  const one = singleSummary.warnings.find((w: string) => w.startsWith('one transition'));
  assert.ok(one !== undefined && /only ranks layers/.test(one), `summary.json warns: ${JSON.stringify(singleSummary.warnings)}`);
  assert.ok(single!.stderr.includes(`warning: ${one}\n`));

  // Nothing to say when k = 2 is what the clustering found.
  const plainSummary = summaryOf(join(work, 'plain'));
  assert.equal(plainSummary.clustering.all.k, 2);
  assert.ok(!plainSummary.warnings.some((w: string) => /capped|one transition/.test(w)), JSON.stringify(plainSummary.warnings));
});
