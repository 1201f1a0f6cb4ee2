import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toAnalyzeOptions } from '../../src/cli/analysis-options.js';
import { editDistance, nearestOption, unknownArguments } from '../../src/cli/suggest-option.js';
import { InputError } from '../../src/errors.js';
import { wsAll } from './helpers.js';

test('nearestOption: a typo gets the nearest option, a stranger gets none', () => {
  assert.equal(editDistance('outlier', 'outliers'), 1);
  assert.equal(editDistance('kmax', 'k-max'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(nearestOption('outlier', ['out', 'outliers', 'rwc']), 'outliers');
  assert.equal(nearestOption('kmax', ['k', 'k-max', 'seed']), 'k-max');
  assert.equal(nearestOption('cluster', ['cluster-space', 'seed']), 'cluster-space', 'a prefix of an option');
  assert.equal(nearestOption('zzz', ['out', 'rwc', 'k']), null);
  assert.equal(nearestOption('x', ['k']), null, 'one letter is no typo of another');
  assert.deepEqual(unknownArguments('Unknown arguments: kmax, zzz'), ['kmax', 'zzz']);
  assert.deepEqual(unknownArguments('Missing required argument: out'), []);
});

test('--layer NAME becomes AnalyzeOptions.featureLayer; an empty name is an input error', () => {
  const base = { rwc: 'l1-ratio', params: 'weight', outliers: 'row', sigma: 2, 'cluster-space': 'pca', k: 'auto', 'k-max': 12, 'split-by': 'primitive', 'exclude-ends': false, seed: 0, format: 'json' };
  assert.equal(toAnalyzeOptions(base).featureLayer, null);
  assert.equal(toAnalyzeOptions({ ...base, layer: ' fc2 ' }).featureLayer, 'fc2');
  assert.throws(() => toAnalyzeOptions({ ...base, layer: '' }), (e: unknown) => e instanceof InputError && /--layer/.test(e.message));
});

test('analysis option errors are worded as every command words them: invalid FLAG, got VALUE, expected WHAT', () => {
  const base = { rwc: 'l1-ratio', params: 'weight', outliers: 'row', sigma: 2, 'cluster-space': 'pca', k: 'auto', 'k-max': 12, 'split-by': 'primitive', 'exclude-ends': false, seed: 0, format: 'json' };
  const cases: [Record<string, unknown>, string][] = [
    [{ k: '0' }, `invalid --k: got "0", expected 'auto' or a positive integer`],
    [{ 'k-max': 1.5 }, 'invalid --k-max: got 1.5, expected a positive integer'],
    [{ sigma: 0 }, 'invalid --sigma: got 0, expected a positive number'],
    [{ every: 0 }, 'invalid --every: got 0, expected a positive integer'],
    [{ seed: 0.5 }, 'invalid --seed: got 0.5, expected an integer'],
    [{ threads: 0 }, 'invalid --threads: got 0, expected a positive integer'],
    [{ budget: 10 }, 'invalid --budget: got 10, expected a number of MB, at least 64'],
    [{ format: 'json,pdf' }, 'invalid --format: got "pdf", expected some of png, html, json, csv'],
  ];
  for (const [change, message] of cases) {
    assert.throws(() => toAnalyzeOptions({ ...base, ...change } as typeof base), (e: unknown) => e instanceof InputError && e.message === message, message);
  }
});

test('the command line: one line for a bare call and for an unknown option (with a suggestion), safetensors in --help, examples on a line of their own', async () => {
  const [bare, typo, typoDiff, help, analyzeHelp, mistyped] = await wsAll([
    [],
    ['analyze', 'runs/x', '--out', 'r', '--outlier', 'row'],
    ['diff', 'a', 'b', '--out', 'r', '--kmax', '3'],
    ['--help'],
    ['analyze', '--help'],
    ['analyse', 'runs/x'],
  ]);
  assert.equal(bare.status, 2);
  assert.equal(bare.stderr, "weightscale: name a command (train, artifacts, analyze, merge, diff, inspect); see 'weightscale --help'\n");
  assert.equal(typo.status, 2);
  assert.equal(typo.stderr, "weightscale: unknown option for 'analyze': --outlier (did you mean --outliers?); see 'weightscale --help'\n");
  assert.equal(typoDiff.stderr, "weightscale: unknown option for 'diff': --kmax (did you mean --k-max?); see 'weightscale --help'\n");
  assert.equal(mistyped.stderr.split('\n').filter(Boolean).length, 1, mistyped.stderr);
  assert.match(mistyped.stderr, /Did you mean analyze\?/);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /ONNX or safetensors/);
  assert.match(analyzeHelp.stdout, /\n {2}weightscale analyze runs\/lenet-mnist --out reports\/lenet-mnist\n/, 'the example command whole on one line');
  assert.match(analyzeHelp.stdout, /--layer\s+The layer the features stage analyses/);
});
