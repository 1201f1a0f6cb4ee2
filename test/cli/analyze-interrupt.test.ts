/**
 * Ctrl-C during `analyze`: one line, exit 130, the previous report's files as they were (same bytes, not rewritten),
 * no temporary directory left. With --debug the CLI says "analyzing ..." once its SIGINT handler is in place; the
 * signal is sent then. Analyzing and rendering this run take seconds, so the signal lands before the new report is
 * in place; should the machine be so fast that it does not, the test tries again.
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

test('analyze interrupted by SIGINT: one line, exit 130, the previous report unchanged', async () => {
  const run = writeRun(work, 'run', { checkpoints: 12 });
  const out = join(work, 'report');
  const first = ws(['analyze', run, '--out', out, '--quiet']);
  assert.equal(first.status, 0, first.stderr);
  const files = readdirSync(out).sort();
  const bytes = new Map(files.map((f) => [f, readFileSync(join(out, f))]));
  const mtimes = new Map(files.map((f) => [f, statSync(join(out, f)).mtimeMs]));

  for (let attempt = 0; attempt < 3; attempt++) {
    const { child, done } = wsStart(['analyze', run, '--out', out, '--quiet', '--debug']);
    let exited = false;
    let stderr = '';
    child.stderr!.on('data', (chunk: string) => (stderr += chunk));
    void done.then(() => (exited = true));
    const ready = await waitUntil(() => /^analyzing /m.test(stderr), () => exited, 60_000);
    if (!ready) {
      const early = await done;
      assert.equal(early.status, 0, `analyze --debug says when it starts: ${early.stderr}`);
      continue; // done before the line was seen
    }
    child.kill('SIGINT');
    const r = await done;
    if (r.status === 0) continue; // too late: the new report was in place before the signal was handled
    assert.equal(r.status, 130);
    assert.equal(r.signal, null, 'the CLI handles SIGINT itself');
    assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('weightscale:')).join('\n'), 'weightscale: interrupted; the previous report is unchanged');
    assert.ok(r.stderr.endsWith('weightscale: interrupted; the previous report is unchanged\n'), 'the last line');
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
