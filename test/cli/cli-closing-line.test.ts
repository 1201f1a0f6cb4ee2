import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/weightscale.js');
const run = join(root, 'fixtures/pytorch/lenet-run');

test('analyze and diff end with the page as a file:// URL on stdout', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-url-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [args, out] of [
    [['analyze', run], join(dir, 'report')],
    [['diff', run, run], join(dir, 'diff')],
  ] as const) {
    const r = spawnSync(process.execPath, [bin, ...args, '--out', out, '--quiet', '--format', 'html,json'], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const url = r.stdout.trim();
    assert.match(url, /^file:\/\/\/.*\/index\.html$/);
    assert.equal(fileURLToPath(url), join(out, 'index.html'));
    assert.ok(existsSync(fileURLToPath(url)));
  }
});
