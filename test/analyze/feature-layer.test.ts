import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { InputError } from '../../src/errors.js';

const run = fileURLToPath(new URL('../../../fixtures/bn-folding/training', import.meta.url));
const options = { ...DEFAULT_ANALYZE_OPTIONS, threads: 1, formats: ['json' as const] };

test('--layer picks the layer the features stage correlates, by layer or weight name', async () => {
  const { summary: byDefault } = await analyzeRun(run, options);
  const second = byDefault.layers.find((l) => l.weight === '1.0.weight')!;
  // The default is the second-to-last layer holding features: conv 1.0 (the BatchNorm scales are not features).
  assert.equal(byDefault.features?.layer, second.name);
  const first = byDefault.layers.find((l) => l.weight === '0.0.weight')!;
  for (const name of [first.name, '0.0.weight']) {
    const { summary } = await analyzeRun(run, { ...options, featureLayer: name });
    assert.equal(summary.features?.layer, first.name);
    assert.equal(summary.options.featureLayer, name);
  }
});

test('--layer with an unknown name is one line naming it and some layers', async () => {
  await assert.rejects(analyzeRun(run, { ...options, featureLayer: 'nope' }), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /^--layer nope: no such layer \(layers: /);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
});
