import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { diffCommand } from '../../src/cli/diff.js';
import { InputError } from '../../src/errors.js';
import { formatNumber } from '../../src/report/scales.js';
import { scratch, writeRun } from '../diff/tiny-runs.js';

/** Runs `diff` through yargs as main.ts does (with its global --quiet), capturing stderr. */
async function runDiff(t: TestContext, args: string[]): Promise<string> {
  const stderr: string[] = [];
  const write = t.mock.method(process.stderr, 'write', (chunk: unknown) => {
    stderr.push(String(chunk));
    return true;
  });
  try {
    await yargs(['diff', ...args])
      .option('quiet', { type: 'boolean', default: false })
      .command(diffCommand)
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new InputError(msg);
      })
      .parseAsync();
  } finally {
    write.mock.restore();
  }
  return stderr.join('');
}

test('diff command: writes OUT, reports the comparison and the warnings on stderr', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 4 });
  const b = writeRun(root, 'b', { checkpoints: 3 });
  const out = join(root, 'out');
  const stderr = await runDiff(t, [a, b, '--out', out, '--format', 'json', '--k', '2', '--quiet']);
  const diff = JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8'));
  const ari = formatNumber(diff.clusterAgreement);
  assert.ok(stderr.includes(`3 paired layers (0 only in A, 0 only in B), 3 checkpoints compared, ARI ${ari}; 0 charts\n`), stderr);
  assert.match(stderr, /^warning: A has 4 checkpoints, B has 3: /m);
  assert.equal(diff.options.k, 2, 'analysis options reach both analyses');
  assert.equal(diff.runs.a.dir, a);
  assert.equal(diff.runs.b.dir, b);
});

test('diff command: bad input and bad options are InputErrors and leave no OUT', async (t) => {
  const root = scratch(t);
  const a = writeRun(root, 'a', { checkpoints: 3 });
  const single = writeRun(root, 'single', { checkpoints: 1 });
  const out = join(root, 'out');
  await assert.rejects(runDiff(t, [a, single, '--out', out]), (e: unknown) => e instanceof InputError && /only one checkpoint/.test(e.message));
  await assert.rejects(runDiff(t, [a, a, '--out', out, '--k', 'zero']), (e: unknown) => e instanceof InputError && /^invalid --k: got "zero", expected/.test(e.message));
  await assert.rejects(runDiff(t, [a, join(root, 'missing'), '--out', out]), InputError);
  assert.ok(!existsSync(out));
});
