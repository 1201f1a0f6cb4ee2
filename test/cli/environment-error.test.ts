/** Failures of the machine (disk full, a directory where a file should be) are one line naming path and cause, exit 1. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writingTo } from '../../src/cli/environment-error.js';
import { reportError } from '../../src/cli/main.js';

/** reportError's exit code and what it wrote to stderr. */
function report(t: TestContext, e: unknown, debug = false): { code: number; stderr: string } {
  const chunks: string[] = [];
  const write = t.mock.method(process.stderr, 'write', (chunk: unknown) => (chunks.push(String(chunk)), true));
  try {
    return { code: reportError(e, debug), stderr: chunks.join('') };
  } finally {
    write.mock.restore();
  }
}

test('disk full while writing an output: one line with the output path and the cause, exit 1, no --debug hint', { skip: !existsSync('/dev/full') && 'needs /dev/full' }, async (t) => {
  // /dev/full fails every write with ENOSPC: a real "no space left on device" from Node, without a path.
  const error = await writingTo('reports/lenet', () => writeFile('/dev/full', 'x')).then(
    () => assert.fail('writing /dev/full succeeded'),
    (e: unknown) => e,
  );
  const { code, stderr } = report(t, error);
  assert.equal(code, 1);
  assert.equal(stderr, 'weightscale: reports/lenet: no space left on device (ENOSPC)\n');
});

test('an error that names its own path keeps it; internal errors keep the --debug hint', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let error: unknown;
  try {
    writeFileSync(dir, 'x'); // a directory where a file should be: EISDIR from open(), with the path
  } catch (e) {
    error = e;
  }
  const { code, stderr } = report(t, error);
  assert.equal(code, 1);
  assert.equal(stderr, `weightscale: ${dir}: illegal operation on a directory (EISDIR)\n`);
  assert.ok(!stderr.includes('--debug') && !stderr.includes('internal error'));

  const internal = report(t, new Error('index out of range'));
  assert.equal(internal.code, 1);
  assert.equal(internal.stderr, 'weightscale: internal error: index out of range (run with --debug for details)\n');
});
