import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../util/temp-dir.js';
import { bin, root, ws } from './helpers.js';

const RUNS = {
  onnx: join(root, 'fixtures/transformers/runs/gpt2-opset14'),
  safetensors: join(root, 'fixtures/safetensors/run-files'),
};
const FILES = ['summary.json', 'rwc.csv', 'rwc-clipped.csv', 'index.html'];

function sameReport(a: string, b: string): void {
  for (const f of FILES) assert.deepEqual(readFileSync(join(a, f)), readFileSync(join(b, f)), f);
}

for (const [kind, run] of Object.entries(RUNS)) {
  test(`analyze --shard i/n for every i, then merge, equals one analyze, byte for byte (${kind}; n = 1, 2, 3, 7)`, (t) => {
    const tmp = tempDir('shards', t);
    const single = join(tmp, 'single');
    assert.equal(ws(['analyze', run, '--out', single, '--format', 'json,csv,html', '-q']).status, 0);
    for (const n of [1, 2, 3, 7]) {
      const parts = Array.from({ length: n }, (_, i) => join(tmp, `n${n}`, `part-${i}`));
      parts.forEach((out, i) => {
        const r = ws(['analyze', run, '--shard', `${i}/${n}`, '--out', out, '-q']);
        assert.equal(r.status, 0, r.stderr);
      });
      const merged = join(tmp, `merged-${n}`);
      const r = ws(['merge', ...parts.reverse(), '--out', merged, '--format', 'json,csv,html', '-q']);
      assert.equal(r.status, 0, r.stderr);
      sameReport(single, merged);
    }
  });
}

test('merge refuses missing, duplicated and mismatched parts with one line', (t) => {
  const tmp = tempDir('shards', t);
  const part = (run: string, i: number, n: number, name: string, extra: string[] = []) => {
    const out = join(tmp, name);
    assert.equal(ws(['analyze', run, '--shard', `${i}/${n}`, '--out', out, '-q', ...extra]).status, 0);
    return out;
  };
  const [p0, p1, p2] = [0, 1, 2].map((i) => part(RUNS.onnx, i, 3, `p${i}`));
  const cases: [string[], RegExp][] = [
    [[p0!, p2!], /^weightscale: merge: part 1\/3 missing$/],
    [[p0!, p1!, p1!, p2!], /^weightscale: .*p1: part 1\/3 is given twice \(also .*p1\)$/],
    [[p0!, part(RUNS.onnx, 1, 2, 'q1'), p2!], /^weightscale: .*q1: part 1\/2, but .*p0 is part 0\/3$/],
    [[p0!, part(RUNS.onnx, 1, 3, 'mean', ['--rwc', 'mean-relative']), p2!], /^weightscale: .*mean: other options than .*p0; the parts must come from one run with the same options$/],
    [[p0!, part(join(root, 'fixtures/transformers/runs/llama-opset17'), 1, 3, 'llama'), p2!], /^weightscale: .*llama: another run \(or other checkpoints of it\) than .*p0;/],
    [[p0!, join(tmp, 'nowhere'), p2!], /^weightscale: .*nowhere: no part here \(ENOENT\); parts are written by analyze --shard i\/n --out PART$/],
  ];
  for (const [parts, message] of cases) {
    const r = ws(['merge', ...parts, '--out', join(tmp, 'report')]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr.trim(), message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  const bad = ws(['analyze', RUNS.onnx, '--shard', '3/3', '--out', join(tmp, 'x')]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim(), 'weightscale: --shard 3/3: expected i/n with 0 <= i < n, e.g. 0/4 (i counts from 0)');
});

test("the docs' Slurm and Kubernetes examples, run locally with a loop for the scheduler, give the single-machine report", (t) => {
  const tmp = tempDir('shards', t);
  const shim = join(tmp, 'bin');
  mkdirSync(shim);
  writeFileSync(join(shim, 'weightscale'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(join(shim, 'weightscale'), 0o755);
  const env = { ...process.env, PATH: `${shim}:${process.env.PATH}`, RUN: RUNS.onnx };
  const single = join(tmp, 'single');
  assert.equal(ws(['analyze', RUNS.onnx, '--out', single, '-q']).status, 0);
  // Slurm: the array's tasks, then the merge job.
  const slurm = { ...env, PARTS: join(tmp, 'slurm-parts'), REPORT: join(tmp, 'slurm-report'), SLURM_ARRAY_TASK_COUNT: '4', SLURM_CPUS_PER_TASK: '1' };
  for (let i = 0; i < 4; i++) {
    const r = spawnSync('bash', [join(root, 'docs/examples/slurm-analyze-parts.sbatch')], { env: { ...slurm, SLURM_ARRAY_TASK_ID: String(i) }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  const merged = spawnSync('bash', [join(root, 'docs/examples/slurm-merge.sbatch')], { env: slurm, encoding: 'utf8' });
  assert.equal(merged.status, 0, merged.stderr);
  sameReport(single, slurm.REPORT);
  // Kubernetes: each pod's command with its JOB_COMPLETION_INDEX, on a local stand-in for the shared volume.
  const shared = join(tmp, 'shared');
  const command = (file: string) =>
    readFileSync(join(root, 'docs/examples', file), 'utf8')
      .match(/args: \['(.*)'\]/)![1]!
      .replaceAll('/shared/', `${shared}/`);
  const count = readFileSync(join(root, 'docs/examples/k8s-analyze-parts.yaml'), 'utf8').match(/completions: (\d+)/)![1]!;
  for (let i = 0; i < Number(count); i++) {
    const r = spawnSync('sh', ['-c', command('k8s-analyze-parts.yaml')], { env: { ...env, COUNT: count, JOB_COMPLETION_INDEX: String(i) }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  const k8s = spawnSync('sh', ['-c', command('k8s-merge.yaml')], { env, encoding: 'utf8' });
  assert.equal(k8s.status, 0, k8s.stderr);
  sameReport(single, join(shared, 'report'));
});
