import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { InputError } from '../../src/errors.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = join(root, 'fixtures/pytorch/lenet-run');
const bin = join(root, 'bin/weightscale.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

function tempRun(files: [string, string | Buffer][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-run-'));
  for (const [name, src] of files) {
    if (typeof src === 'string') copyFileSync(src, join(dir, name));
    else writeFileSync(join(dir, name), src);
  }
  return dir;
}

test('RWC of the PyTorch run equals the numpy computation committed beside it', async () => {
  const expected = JSON.parse(readFileSync(join(run, 'expected-rwc.json'), 'utf8')) as Record<string, number[]>;
  const { summary } = await analyzeRun(run, DEFAULT_ANALYZE_OPTIONS);
  assert.equal(summary.layers.length, Object.keys(expected).length);
  for (const layer of summary.layers) {
    const want = expected[layer.weight];
    assert.ok(want, `no expected RWC for ${layer.weight}`);
    assert.equal(layer.rwc.length, 3);
    layer.rwc.forEach((v, t) => assert.ok(Math.abs((v as number) - want[t]) <= 1e-12 * want[t], `${layer.weight}[${t}]`));
  }
  assert.deepEqual(summary.run.checkpoints.map((c) => c.epoch), [0, 1, 2, 3]);
});

test('analyze writes the report files with the summary.json contract', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ws-out-')), 'report');
  const r = cli('analyze', run, '--out', out, '--quiet');
  assert.equal(r.status, 0, r.stderr);
  for (const f of ['index.html', 'summary.json', 'rwc.csv', 'rwc-clusters.png', 'scree.png', 'pca.png', 'rwc-heatmap.png']) {
    assert.ok(existsSync(join(out, f)), f);
  }
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(s.schema, 'weightscale.summary/1');
  assert.deepEqual(s.options, { ...s.options, rwc: 'l1-ratio', params: 'weight', outliers: 'row', sigma: 2, clusterSpace: 'pca', k: 'auto', seed: 0 });
  assert.deepEqual(Object.keys(s.layers[0].changedFraction), ['0', '1e-8', '1e-6', '0.0001', '0.01']);
  assert.ok(s.charts.includes('rwc-clusters.png'));
  for (const chart of s.charts) assert.ok(existsSync(join(out, chart)), chart);
  const csv = readFileSync(join(out, 'rwc.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 1 + s.layers.length);
});

test('the same seed gives the same summary', async () => {
  const a = (await analyzeRun(run, { ...DEFAULT_ANALYZE_OPTIONS, seed: 7 })).summary;
  const b = (await analyzeRun(run, { ...DEFAULT_ANALYZE_OPTIONS, seed: 7 })).summary;
  assert.deepEqual(a, b);
});

test('bad runs are one-line errors with exit code 2 and no report', async () => {
  const cases: [string, string, RegExp][] = [
    ['empty directory', tempRun([]), /no \.onnx or safetensors checkpoints/],
    ['one checkpoint', tempRun([['epoch-000.onnx', join(run, 'epoch-000.onnx')]]), /only one checkpoint/],
    [
      'architecture differs',
      tempRun([['epoch-000.onnx', join(run, 'epoch-000.onnx')], ['epoch-001.onnx', join(root, 'fixtures/pytorch/lenet.onnx')]]),
      /epoch-001\.onnx: tensor conv1\.weight has shape/,
    ],
    [
      'unreadable checkpoint',
      tempRun([['epoch-000.onnx', join(run, 'epoch-000.onnx')], ['epoch-001.onnx', Buffer.from('not a model')]]),
      /epoch-001\.onnx/,
    ],
    ['missing directory', join(tmpdir(), 'ws-no-such-dir'), /cannot read the checkpoint directory/],
  ];
  for (const [what, dir, message] of cases) {
    const out = join(mkdtempSync(join(tmpdir(), 'ws-out-')), 'report');
    const r = cli('analyze', dir, '--out', out);
    assert.equal(r.status, 2, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line`);
    assert.ok(!existsSync(out), `${what}: no report`);
  }
  await assert.rejects(() => analyzeRun(tempRun([]), DEFAULT_ANALYZE_OPTIONS), InputError);
});

test('bad options are usage errors with exit code 2', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ws-out-')), 'report');
  for (const args of [['--k', 'zero'], ['--sigma', '-1'], ['--format', 'pdf'], ['--outliers', 'sideways']]) {
    const r = cli('analyze', run, '--out', out, ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  }
});
