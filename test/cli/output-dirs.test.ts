/**
 * One rule for every command's --out (src/cli/output-dir.ts), through the real CLI: a directory with foreign files
 * is refused naming them, one kind of output is never written over another kind, and existing artifacts are only
 * replaced with --force. Nothing in a refused directory changes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRun } from '../diff/tiny-runs.js';
import { assertUsageFailure, tempDir, ws, wsAll } from './helpers.js';

const TINY = ['--dataset', 'synthetic', '--limit-train', '32', '--limit-test', '16', '--batch-size', '16', '--epochs', '1', '--quiet'];

let work: string;
before(() => {
  work = tempDir('cli-outdirs');
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Every file of a directory tree with its bytes and mtime, to prove a refused command changed nothing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${n}/`);
      else out.set(`${prefix}${n}`, `${statSync(p).mtimeMs}:${readFileSync(p).toString('base64')}`);
    }
  };
  walk(dir, '');
  return out;
}

test('artifacts, train, analyze and diff refuse an --out with foreign files, naming them', async () => {
  const run = writeRun(work, 'tiny-run', { checkpoints: 3 });
  const dirs = ['art', 'train', 'analyze', 'diff'].map((k) => {
    const d = join(work, `foreign-${k}`);
    mkdirSync(d);
    writeFileSync(join(d, 'notes.txt'), 'mine');
    return d;
  });
  const before = dirs.map(snapshot);
  const results = await wsAll([
    ['artifacts', '--model', 'mlp', '--out', dirs[0]!],
    ['train', '--model', 'mlp', ...TINY, '--out', dirs[1]!],
    ['analyze', run, '--out', dirs[2]!, '--quiet'],
    ['diff', run, run, '--out', dirs[3]!, '--quiet'],
  ]);
  const kinds = ['training artifacts', 'a training run', 'an analyze report', 'a diff report'];
  results.forEach((r, i) => {
    assertUsageFailure(r, new RegExp(`--out ${dirs[i]}: holds files that are not part of ${kinds[i]} \\(notes\\.txt\\); choose another directory$`), `foreign files (${kinds[i]})`);
    assert.deepEqual(snapshot(dirs[i]!), before[i], `${dirs[i]} unchanged`);
  });
});

test('one kind of output is never written over another; artifacts are replaced only with --force', async () => {
  const run = writeRun(work, 'kinds-run', { checkpoints: 3 });
  const adam = join(work, 'lenet5-adam');
  const trained = join(work, 'trained');
  const report = join(work, 'report');
  const diff = join(work, 'diff');
  const made = await wsAll([
    ['artifacts', '--model', 'mlp', '--optimizer', 'adam', '--out', adam],
    ['train', '--model', 'mlp', ...TINY, '--out', trained],
    ['analyze', run, '--out', report, '--format', 'json', '--quiet'],
    ['diff', run, run, '--out', diff, '--format', 'json', '--quiet'],
  ]);
  for (const r of made) assert.equal(r.status, 0, r.stderr);
  const snapshots = new Map([adam, trained, report, diff].map((d) => [d, snapshot(d)]));

  const cases: [string, string[], string, RegExp][] = [
    ['SGD artifacts over Adam artifacts without --force', ['artifacts', '--model', 'mlp', '--out', adam], adam, /already holds training artifacts; pass --force to replace them$/],
    ['train over artifacts', ['train', '--model', 'mlp', ...TINY, '--out', adam], adam, /holds training artifacts \(artifacts\.json\); refusing to write a training run over it/],
    ['train --resume over artifacts', ['train', '--model', 'mlp', ...TINY, '--resume', '--out', adam], adam, /holds training artifacts \(artifacts\.json\)/],
    ['artifacts over a run', ['artifacts', '--model', 'mlp', '--force', '--out', trained], trained, /holds a training run \(epoch-000\.onnx\); refusing to write training artifacts over it/],
    ['diff over an analyze report', ['diff', run, run, '--out', report, '--quiet'], report, /holds an analyze report \(summary\.json\); refusing to write a diff report over it/],
    ['analyze over a diff report', ['analyze', run, '--out', diff, '--quiet'], diff, /holds a diff report \(diff\.json\); refusing to write an analyze report over it/],
    ['analyze over a run', ['analyze', run, '--out', trained, '--quiet'], trained, /holds a training run/],
  ];
  const results = await wsAll(cases.map((c) => c[1]));
  cases.forEach(([what, , dir, message], i) => {
    assertUsageFailure(results[i]!, message, what);
    assert.deepEqual(snapshot(dir), snapshots.get(dir), `${what}: ${dir} unchanged`);
  });

  // The same kind: --force replaces artifacts (now SGD); a report is replaced by a new analyze.
  const [forced, again] = await wsAll([
    ['artifacts', '--model', 'mlp', '--force', '--out', adam],
    ['analyze', run, '--out', report, '--format', 'json', '--quiet'],
  ]);
  assert.equal(forced!.status, 0, forced!.stderr);
  assert.equal(JSON.parse(readFileSync(join(adam, 'artifacts.json'), 'utf8')).optimizer.kind, 'sgd');
  assert.equal(again!.status, 0, again!.stderr);
});
