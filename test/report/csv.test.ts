import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clippedRwcCsv, csvField, rawRwcCsv } from '../../src/report/csv.js';
import { fakeSummary } from './fixtures.js';

test('csvField quotes commas, quotes and line breaks (RFC 4180), leaves plain text alone', () => {
  assert.equal(csvField('conv1'), 'conv1');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(Number.NaN), '');
  assert.equal(csvField(0.25), '0.25');
});

test('rwc.csv: header with epoch of the later checkpoint, one row per layer in depth order, nulls empty', () => {
  const s = fakeSummary({ layers: 4, epochs: 6, names: ['a,b', 'q"x', 'plain', 'last'] });
  s.layers.reverse(); // input order must not matter: rows follow depth
  const lines = rawRwcCsv(s).split('\r\n');
  assert.equal(lines[0], 'layer,primitive,index,epoch_1,epoch_2,epoch_3,epoch_4,epoch_5');
  assert.equal(lines.length, 1 + 4 + 1); // header, rows, trailing empty after the final CRLF
  assert.equal(lines[5], '');
  assert.ok(lines[1].startsWith('"a,b",conv,1,'), lines[1]);
  assert.ok(lines[2].startsWith('"q""x",depthwise,4,'), lines[2]);
  const nullRow = lines[3].split(',');
  assert.equal(nullRow[0], 'plain');
  assert.equal(nullRow.length, 3 + 5);
  assert.equal(nullRow[3 + 4], '', 'layer 2 has a null at transition 5');
  const layer2 = s.layers.find((l) => l.depth === 2)!;
  assert.equal(Number(nullRow[3]), layer2.rwc[0]);
});

test('rwc-clipped.csv holds the clipped values (the outlier replaced)', () => {
  const s = fakeSummary({ layers: 3, epochs: 6 });
  const raw = rawRwcCsv(s).split('\r\n')[2].split(',');
  const clipped = clippedRwcCsv(s).split('\r\n')[2].split(',');
  assert.equal(Number(raw[3 + 2]), s.layers[1].rwc[2]);
  assert.equal(Number(clipped[3 + 2]), s.layers[1].rwcClipped[2]);
  assert.notEqual(raw[3 + 2], clipped[3 + 2]);
});

test('epoch columns fall back to transition numbers when epochs repeat', () => {
  const s = fakeSummary({ layers: 2, epochs: 3 });
  s.run.checkpoints.forEach((c) => (c.epoch = 7));
  assert.equal(rawRwcCsv(s).split('\r\n')[0], 'layer,primitive,index,epoch_1,epoch_2');
});
