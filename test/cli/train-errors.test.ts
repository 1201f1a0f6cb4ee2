/**
 * `weightscale train` failures through the real CLI (exit 2, one line on stderr, no stack trace, nothing written),
 * what --resume does with an empty directory, and `--help` / `--version`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { zooModel } from '../../src/zoo/index.js';
import { assertUsageFailure, cudaLibraryPresent, root, tempDir, ws, wsAll } from './helpers.js';

const TINY = ['--dataset', 'synthetic', '--limit-train', '32', '--limit-test', '16', '--batch-size', '16', '--quiet'];

let work: string;
before(() => {
  work = tempDir('cli-errors');
});
after(() => rmSync(work, { recursive: true, force: true }));

test('bad train invocations exit 2 with one line naming the problem, and write nothing', async () => {
  const garbage = join(work, 'garbage');
  mkdirSync(garbage);
  writeFileSync(join(garbage, 'notes.txt'), 'hello');
  writeFileSync(join(garbage, 'weights.bin'), Buffer.alloc(4096, 0xab));
  const badIdx = join(work, 'bad-idx');
  mkdirSync(badIdx);
  for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
    writeFileSync(join(badIdx, f), Buffer.from('this is not an IDX file, just text long enough to have a header'));
  }
  const aFile = join(work, 'a-file');
  writeFileSync(aFile, 'not a directory');
  // A user model whose first Gemm has transB written as a float (1.0) instead of an int.
  const mistyped = zooModel('mlp');
  const gemm = mistyped.graph.nodes.find((n) => n.opType === 'Gemm')!;
  gemm.attributes['transB'] = { type: 'float', value: 1 };
  const mistypedFile = join(work, 'mistyped.onnx');
  writeModelAtomic(mistypedFile, mistyped);

  const out = (name: string) => join(work, `out-${name}`);
  const cases: [string, string[], RegExp, string | undefined][] = [
    ['no --model or --artifacts', ['train', ...TINY, '--out', out('none')], /^weightscale: give --model NAME\|FILE\.onnx or --artifacts DIR$/, out('none')],
    ['unknown zoo model', ['train', '--model', 'lenet7', ...TINY, '--out', out('zoo')], /--model lenet7: not a zoo model \(mlp, lenet5, resnet-mini, effnet-mini, resnet18, .*efficientnet-b4\)/, out('zoo')],
    ['--data with unrelated files', ['train', '--model', 'mlp', '--data', garbage, '--quiet', '--out', out('g')], new RegExp(`--data ${garbage}: no dataset found`), out('g')],
    ['--data with garbage IDX files', ['train', '--model', 'mlp', '--data', badIdx, '--quiet', '--out', out('i')], /bad-idx\/train-images-idx3-ubyte: bad IDX magic/, out('i')],
    ['--out is a file', ['train', '--model', 'mlp', ...TINY, '--out', aFile], /--out .*a-file: exists and is not a directory/, undefined],
    [
      'a mistyped attribute in a user model',
      ['train', '--model', mistypedFile, ...TINY, '--out', out('attr')],
      new RegExp(`node '${gemm.name}' \\(Gemm\\): attribute 'transB' is float, expected int$`),
      out('attr'),
    ],
    ['--out is a file, --resume', ['train', '--model', 'mlp', ...TINY, '--resume', '--out', aFile], /--out .*a-file: exists and is not a directory/, undefined],
  ];
  if (!cudaLibraryPresent()) {
    cases.push([
      '--device cuda without the CUDA provider',
      ['train', '--model', 'mlp', ...TINY, '--device', 'cuda', '--out', out('cuda')],
      /--device cuda: the CUDA execution provider could not be used \(.*\); install the CUDA binaries: npm install --onnxruntime-node-install=cuda12 .*README "GPU \(CUDA\)"$/,
      out('cuda'),
    ]);
  }
  const results = await wsAll(cases.map((c) => c[1]));
  cases.forEach(([what, , message, dir], i) => {
    assertUsageFailure(results[i]!, message, what);
    if (dir !== undefined) assert.ok(!existsSync(dir), `${what}: no output directory`);
  });
  assert.equal(readFileSync(aFile, 'utf8'), 'not a directory', '--out file left alone');
});

test('--out holding a finished run: refused without --resume (files untouched); --resume with other options or fewer epochs refused', async () => {
  const run = join(work, 'finished');
  const first = ws(['train', '--model', 'mlp', ...TINY, '--epochs', '1', '--out', run]);
  assert.equal(first.status, 0, first.stderr);
  const files = readdirSync(run).sort();
  const snapshot = new Map(files.map((f) => [f, { bytes: readFileSync(join(run, f)), mtime: statSync(join(run, f)).mtimeMs }]));

  const [again, otherLr, otherSeed, fewer] = await wsAll([
    ['train', '--model', 'mlp', ...TINY, '--epochs', '1', '--out', run],
    ['train', '--model', 'mlp', ...TINY, '--epochs', '1', '--lr', '0.5', '--resume', '--out', run],
    ['train', '--model', 'mlp', ...TINY, '--epochs', '2', '--seed', '3', '--resume', '--out', run],
    ['train', '--model', 'mlp', ...TINY, '--epochs', '0', '--resume', '--out', run],
  ]);
  assertUsageFailure(again!, new RegExp(`--out ${run} already holds a run \\(epoch-000\\.onnx, epoch-000\\.state, epoch-001\\.onnx\\); pass --resume`), 'finished run, no --resume');
  assertUsageFailure(fewer!, new RegExp(`--resume: ${run} already holds epochs up to 1, more than --epochs 0; pass --epochs 1 or more`), '--resume with fewer --epochs');
  // The option that differs is named with both values.
  assertUsageFailure(otherLr!, /^weightscale: --resume: .*finished\/run\.json was written with --lr 0\.01, now 0\.5; use the same options or another --out$/, '--resume with another --lr');
  assertUsageFailure(otherSeed!, /^weightscale: --resume: .*finished\/run\.json was written with --seed 0, now 3; use the same options or another --out$/, '--resume with another --seed');
  assert.deepEqual(readdirSync(run).sort(), files);
  for (const [f, s] of snapshot) {
    assert.ok(readFileSync(join(run, f)).equals(s.bytes), `${f} unchanged`);
    assert.equal(statSync(join(run, f)).mtimeMs, s.mtime, `${f} not rewritten`);
  }

  // --resume of a finished run with the same options has nothing to do: exit 0, files untouched, and it says so
  // instead of reprinting the epochs as if it had trained them.
  const same = ws(['train', '--model', 'mlp', ...TINY, '--epochs', '1', '--resume', '--out', run]);
  assert.equal(same.status, 0, same.stderr);
  assert.equal(same.stderr, `weightscale: ${run} is already complete (1 epoch), nothing to do\n`);
  const sameLoud = ws(['train', '--model', 'mlp', ...TINY.filter((a) => a !== '--quiet'), '--epochs', '1', '--resume', '--out', run]);
  assert.ok(!/^epoch \d+:/m.test(sameLoud.stderr), `no epoch lines reprinted: ${sameLoud.stderr}`);
  assert.match(sameLoud.stderr, /already complete \(1 epoch\), nothing to do/);
  for (const [f, s] of snapshot) {
    if (f.endsWith('.onnx') || f.endsWith('.state')) assert.equal(statSync(join(run, f)).mtimeMs, s.mtime, `${f} not retrained`);
  }

  const corrupt = join(work, 'corrupt');
  mkdirSync(corrupt);
  writeFileSync(join(corrupt, 'run.json'), '{"schema": ');
  assertUsageFailure(ws(['train', '--model', 'mlp', ...TINY, '--resume', '--out', corrupt]), /corrupt\/run\.json: not valid JSON/, 'corrupt run.json');
});

test('--resume into an empty or missing directory starts the run (resume-or-start, as scripts/demo.mjs relies on)', async () => {
  const empty = join(work, 'empty');
  mkdirSync(empty);
  const missing = join(work, 'missing', 'run');
  const results = await wsAll([
    ['train', '--model', 'mlp', ...TINY, '--epochs', '1', '--resume', '--out', empty],
    ['train', '--model', 'mlp', ...TINY, '--epochs', '1', '--resume', '--out', missing],
  ]);
  for (const [r, dir] of [[results[0]!, empty], [results[1]!, missing]] as const) {
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${dir}\n`);
    assert.deepEqual(readdirSync(dir).sort(), ['epoch-000.onnx', 'epoch-000.state', 'epoch-001.onnx', 'epoch-001.state', 'run.json']);
    assert.equal(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status, 'complete');
  }
});

/** Help entries by option name: each entry is the option's line plus its wrapped continuation lines. */
function helpEntries(help: string): Map<string, string> {
  const entries = new Map<string, string>();
  let inOptions = false;
  let current: string | undefined;
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line)) {
      inOptions = line === 'Options:';
      current = undefined;
      continue;
    }
    if (!inOptions) continue;
    const m = /^ {2,6}(?:-\w, )?--([\w-]+)\b/.exec(line);
    if (m !== null) {
      current = m[1]!;
      entries.set(current, line.trim());
    } else if (current !== undefined && /^ {10,}\S/.test(line)) {
      entries.set(current, `${entries.get(current)!} ${line.trim()}`);
    } else {
      current = undefined;
    }
  }
  return entries;
}

test('weightscale --help and train --help list the options with their defaults; --version prints package.json version', () => {
  const top = ws(['--help']);
  assert.equal(top.status, 0, top.stderr);
  for (const command of ['train', 'artifacts', 'analyze <dir>', 'diff <a> <b>', 'inspect <file>']) {
    assert.match(top.stdout, new RegExp(`^  weightscale ${command} `, 'm'), `--help lists ${command}`);
  }
  const global = helpEntries(top.stdout);
  assert.match(global.get('quiet')!, /\[default: false\]/);
  assert.match(global.get('debug')!, /\[default: false\]/);

  const r = ws(['train', '--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const entries = helpEntries(r.stdout);
  const expected: Record<string, RegExp> = {
    quiet: /\[default: false\]/,
    debug: /\[default: false\]/,
    dataset: /\[choices: "mnist", "fashion-mnist", "synthetic"\] \[default: "mnist"\]/,
    epochs: /\[number\] \[default: 10\]/,
    'batch-size': /\[number\] \[default: 128\]/,
    optimizer: /\[default: sgd; with --artifacts: theirs\]/,
    lr: /\[default: 0\.01, adam 0\.001\]/,
    momentum: /\[default: 0\.9\]/,
    'weight-decay': /\[default: 0\]/,
    init: /\[default: kaiming-uniform; torchvision zoo models: their own init; with --artifacts: model\]/,
    perturb: /\[default: none\]/,
    freeze: /\[array\] \[default: none\]/,
    device: /\[choices: "auto", "cuda", "cpu"\] \[default: "auto"\]/,
    threads: /\[default: onnxruntime decides\]/,
    seed: /\[number\] \[default: 0\]/,
    'data-seed': /\[number\] \[default: 0\]/,
    'limit-train': /\[default: all\]/,
    'limit-test': /\[default: all\]/,
    resume: /\[boolean\] \[default: false\]/,
    out: /\[string\] \[required\]/,
  };
  for (const [name, pattern] of Object.entries(expected)) {
    assert.ok(entries.has(name), `train --help lists --${name}`);
    assert.match(entries.get(name)!, pattern, `--${name}`);
  }
  // Every option has a default, except the inputs that are alternatives to each other, --out (required), --report
  // (off unless given) and the built-in --help / --version.
  const noDefault = new Set(['model', 'artifacts', 'data', 'out', 'report', 'help', 'version']);
  for (const name of ['model', 'artifacts', 'data']) assert.ok(entries.has(name), `train --help lists --${name}`);
  for (const [name, entry] of entries) {
    if (!noDefault.has(name)) assert.match(entry, /default: /, `--${name} shows its default`);
  }

  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
  const v = ws(['--version']);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout, `${version}\n`);
  assert.equal(v.stderr, '');
});
