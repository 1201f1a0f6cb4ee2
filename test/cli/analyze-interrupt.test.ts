/**
 * Ctrl-C during `analyze`: one line, exit 130, the previous report's files as they were (same bytes, not rewritten),
 * no temporary directory left. Analyzing and rendering this run takes seconds; the signal is sent a while after the
 * process catches SIGINT (read from /proc/PID/status, so Linux only), and the test retries with another delay when
 * the signal came before the CLI's handler or after the report was in place.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeRun } from '../diff/tiny-runs.js';
import { tempDir, waitUntil, ws, wsStart } from './helpers.js';

let work: string;
before(() => {
  work = tempDir('cli-int');
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Whether process `pid` catches SIGINT (bit 2 of SigCgt in /proc/PID/status). */
function catchesSigint(pid: number): boolean {
  try {
    const line = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line !== null && (BigInt(`0x${line[1]}`) & 2n) !== 0n;
  } catch {
    return false;
  }
}

test('analyze interrupted by SIGINT: one line, exit 130, the previous report unchanged', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
  const run = writeRun(work, 'run', { checkpoints: 12 });
  const out = join(work, 'report');
  const first = ws(['analyze', run, '--out', out, '--quiet']);
  assert.equal(first.status, 0, first.stderr);
  const files = readdirSync(out).sort();
  const bytes = new Map(files.map((f) => [f, readFileSync(join(out, f))]));
  const mtimes = new Map(files.map((f) => [f, statSync(join(out, f)).mtimeMs]));

  for (const delayMs of [1500, 700, 2500]) {
    const { child, done } = wsStart(['analyze', run, '--out', out, '--quiet']);
    let exited = false;
    void done.then(() => (exited = true));
    const ready = await waitUntil(() => catchesSigint(child.pid!), () => exited, 30_000);
    if (ready) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (!ready || exited) {
      await done;
      continue; // finished before we could interrupt it
    }
    child.kill('SIGINT');
    const r = await done;
    if (r.status === 0 || r.signal === 'SIGINT') continue; // too late (report in place) or too early (no handler yet)
    assert.equal(r.status, 130);
    assert.equal(r.stderr, 'weightscale: interrupted; the previous report is unchanged\n');
    assert.equal(r.stdout, '');
    assert.deepEqual(readdirSync(out).sort(), files);
    for (const [f, b] of bytes) {
      assert.ok(readFileSync(join(out, f)).equals(b), `${f} unchanged`);
      assert.equal(statSync(join(out, f)).mtimeMs, mtimes.get(f), `${f} not rewritten`);
    }
    assert.deepEqual(readdirSync(work).filter((n) => n.startsWith('.report.tmp-')), [], 'no temporary directory left');
    assert.ok(existsSync(join(out, 'index.html')));
    return;
  }
  assert.fail('analyze finished every time before it could be interrupted');
});
