import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceNonFinite, serializeSummary, strictJson } from '../../src/report/json.js';
import { fakeSummary } from './fixtures.js';

test('serializeSummary replaces NaN and Infinity by null and says where', () => {
  const s = fakeSummary({ layers: 3, epochs: 4 });
  s.layers[1].rwc[0] = Number.NaN;
  s.dynamics.distanceFromInit.l2[2] = Infinity;
  s.layers[0].changedFraction['1e-6'] = -Infinity;
  const { summary, text } = serializeSummary(s);
  assert.doesNotMatch(text, /NaN|Infinity/);
  const parsed = JSON.parse(text);
  assert.equal(parsed.layers[1].rwc[0], null);
  assert.equal(parsed.dynamics.distanceFromInit.l2[2], null);
  assert.equal(parsed.layers[0].changedFraction['1e-6'], null);
  const warning = summary.warnings[summary.warnings.length - 1];
  assert.match(warning, /3 non-finite/);
  assert.match(warning, /layers\[1\]\.rwc\[0\]/);
  assert.match(warning, /dynamics\.distanceFromInit\.l2\[2\]/);
  assert.match(warning, /changedFraction\["1e-6"\]/);
  assert.ok(Number.isNaN(s.layers[1].rwc[0] as number), 'the input is not modified');
});

test('serializeSummary adds no warning for a clean summary and pretty-prints', () => {
  const s = fakeSummary({ layers: 3, epochs: 4 });
  const { summary, text } = serializeSummary(s);
  assert.deepEqual(summary.warnings, s.warnings);
  assert.ok(text.startsWith('{\n  "schema": "weightscale.summary/1"'));
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(s)));
});

test('strictJson refuses non-finite numbers instead of writing null silently', () => {
  assert.throws(() => strictJson({ a: [1, Number.NaN] }), /non-finite/);
});

test('replaceNonFinite turns typed arrays into plain arrays', () => {
  const { value, replaced } = replaceNonFinite({ m: new Float64Array([1, Number.NaN]) });
  assert.deepEqual(value, { m: [1, null] });
  assert.deepEqual(replaced, ['m[1]']);
});
