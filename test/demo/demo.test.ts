import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('the demo pipeline (train x3, analyze x3, diff) runs end to end at reduced size and reuses finished runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-demo-'));
  const args = [join(root, 'scripts/demo.mjs'), '--epochs', '1', '--limit-train', '256', '--limit-test', '128', '--runs', join(dir, 'runs'), '--reports', join(dir, 'reports'), '--quiet'];
  const first = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(first.status, 0, first.stderr);
  for (const report of ['lenet5-mnist', 'lenet5-fashion-mnist', 'effnet-mini-synthetic', 'mnist-vs-fashion-mnist']) {
    assert.ok(existsSync(join(dir, 'reports', report, 'index.html')), report);
    assert.ok(first.stdout.includes(join(dir, 'reports', report, 'index.html')), `${report} path printed`);
  }
  const effnet = JSON.parse(readFileSync(join(dir, 'reports', 'effnet-mini-synthetic', 'summary.json'), 'utf8'));
  for (const group of ['depthwise', 'se_reduce', 'se_expand', 'pointwise_expand', 'pointwise_project']) {
    assert.ok(effnet.clustering.byPrimitive[group], `effnet-mini has a ${group} group`);
  }
  const diff = JSON.parse(readFileSync(join(dir, 'reports', 'mnist-vs-fashion-mnist', 'diff.json'), 'utf8'));
  assert.equal(diff.layers.length, 4);

  const checkpoint = join(dir, 'runs', 'lenet5-mnist', 'epoch-001.onnx');
  const before = statSync(checkpoint).mtimeMs;
  const second = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(statSync(checkpoint).mtimeMs, before, 'a finished run is not trained again');
});
