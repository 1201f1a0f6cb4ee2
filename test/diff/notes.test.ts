import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNotes } from '../../src/diff/compare.js';
import { renderDiffHtml } from '../../src/diff/html.js';

test("the runs' notes: one both share is said once, the others with their run", () => {
  assert.deepEqual(runNotes({ notes: ['no conv layer: no filter image', 'only A'] }, { notes: ['no conv layer: no filter image', 'only B'] }), [
    'A and B: no conv layer: no filter image',
    'A: only A',
    'B: only B',
  ]);
  assert.deepEqual(runNotes({ notes: [] }, { notes: [] }), []);
});

test('the diff page shows notes apart: no warning alert for a diff whose only messages are notes', () => {
  const run = { dir: 'runs/a', checkpoints: 3, epochs: [0, 1, 2], unit: 'epoch' as const, firstFile: 'epoch-000.onnx', lastFile: 'epoch-002.onnx', report: null };
  const diff = {
    schema: 'weightscale.diff/1',
    tool: { name: 'weightscale', version: '0' },
    runs: { a: run, b: { ...run, dir: 'runs/b' } },
    options: {},
    epochsCompared: 3,
    transitionsCompared: 2,
    transitions: ['0→1', '1→2'],
    layers: [],
    clusterAgreement: null,
    clusterAgreementLayers: 0,
    norms: { params: 'weight', first: { a: 0, b: 0, distance: 0 }, last: { a: 0, b: 0, distance: 0 } },
    features: null,
    unpaired: { a: [], b: [] },
    warnings: [],
    notes: ['A and B: no conv layer: no filter image'],
    charts: [],
  } as unknown as Parameters<typeof renderDiffHtml>[0];
  const html = renderDiffHtml(diff, []);
  assert.ok(!html.includes('⚠'), 'no warning alert');
  assert.ok(html.includes('<h3>Notes: what does not apply (1)</h3>\n<div class="notes"><ul><li>A and B: no conv layer: no filter image</li></ul></div>'));
  assert.ok(html.includes('<th>epochs</th>'), 'the runs table names the unit');
});
