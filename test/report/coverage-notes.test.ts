import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planCharts } from '../../src/report/chart-plan.js';
import { coverageLine, sharePercent } from '../../src/report/coverage-line.js';
import { renderIndexHtml } from '../../src/report/html.js';
import { fakeSummary } from './fixtures.js';

test('coverage line: tensors in layers of all, share of elements, constant tables skipped', () => {
  const buffers = [{ name: 'rope.cos', shape: [64, 32] }, { name: 'mask', shape: [1, 1, 8, 8] }];
  assert.equal(
    coverageLine({ tensors: 15, tensorsInLayers: 15, elements: 1000, elementsInLayers: 1000, buffers }),
    '15 of 15 parameter tensors analyzed (100% of elements); 2 constant tables skipped',
  );
  assert.equal(
    coverageLine({ tensors: 10, tensorsInLayers: 7, elements: 10_000, elementsInLayers: 9_996, buffers: [] }),
    '7 of 10 parameter tensors analyzed (99.9% of elements)',
    '99.96% is not rounded up to 100%',
  );
  assert.equal(coverageLine({ tensors: 0, tensorsInLayers: 0, elements: 0, elementsInLayers: 0, buffers: [] }), null);
  assert.equal(coverageLine(undefined), null);
  assert.equal(sharePercent(1, 3), '33.3%');
  assert.equal(sharePercent(1, 100_000), '0.1%', 'a positive share never reads 0%');
});

test('the page states the coverage in its run section and lists the skipped tables', () => {
  const s = fakeSummary({ layers: 5, epochs: 4 });
  s.coverage = { tensors: 12, tensorsInLayers: 10, elements: 500, elementsInLayers: 450, buffers: [{ name: 'rope.sin', shape: [16, 8] }] };
  const html = renderIndexHtml(s, [], planCharts(s));
  const run = html.slice(html.indexOf('<section id="run">'), html.indexOf('</section>', html.indexOf('<section id="run">')));
  assert.ok(run.includes('10 of 12 parameter tensors analyzed (90% of elements); 1 constant table skipped'), 'coverage line in the run section');
  assert.ok(run.includes('<td>rope.sin</td><td>[16, 8]</td>'), 'the buffer with its shape');
});

test('notes are shown apart from warnings: a run whose only message is a note opens with no warning alert', () => {
  const s = fakeSummary({ layers: 5, epochs: 4 });
  s.warnings = [];
  s.unmatched = [];
  s.notes = ['no conv layer: no filter image'];
  const html = renderIndexHtml(s, [], planCharts(s));
  const findings = html.slice(html.indexOf('<section id="findings"'), html.indexOf('</section>'));
  assert.ok(!findings.includes('⚠'), 'no warning alert for a note');
  assert.ok(findings.includes('Not shown for this run: no conv layer: no filter image'), 'the note, muted, under the findings');
  assert.ok(html.includes('<h3>Warnings (0)</h3>'));
  assert.ok(html.includes('<h3>Notes: what does not apply to this run (1)</h3>\n<div class="notes"><ul><li>no conv layer: no filter image</li></ul></div>'));

  s.warnings = ['layer x: RWC undefined'];
  const warned = renderIndexHtml(s, [], planCharts(s));
  const top = warned.slice(warned.indexOf('<section id="findings"'), warned.indexOf('</section>'));
  assert.ok(top.includes('⚠ 1 warning: see'), 'a warning is still announced, and counted without the note');
});
