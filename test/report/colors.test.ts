import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoricalColor, divergingColor, filterColor, sequentialColor, withAlpha } from '../../src/report/colors.js';

test('filterColor is matplotlib jet: -1 dark blue, 0 light green, +1 dark red', () => {
  assert.deepEqual(filterColor(-1), [0, 0, 128]);
  assert.deepEqual(filterColor(0), [123, 255, 123]);
  assert.deepEqual(filterColor(1), [128, 0, 0]);
});

test('filterColor clamps values outside [-1, 1]', () => {
  assert.deepEqual(filterColor(-5), [0, 0, 128]);
  assert.deepEqual(filterColor(7), [128, 0, 0]);
});

test('filterColor: red dominates for positive, blue for negative values', () => {
  const pos = filterColor(0.8);
  const neg = filterColor(-0.8);
  assert.ok(pos[0] > pos[2], `positive ${pos}`);
  assert.ok(neg[2] > neg[0], `negative ${neg}`);
});

test('divergingColor: -1 dark blue, 0 near white, +1 dark red, midpoints exact', () => {
  assert.deepEqual(divergingColor(-1), [5, 48, 97]);
  assert.deepEqual(divergingColor(0), [247, 247, 247]);
  assert.deepEqual(divergingColor(1), [103, 0, 31]);
  assert.deepEqual(divergingColor(-0.5), [67, 147, 195]);
  assert.deepEqual(divergingColor(0.25), [231, 172, 162]);
});

test('sequentialColor: viridis ends and clamping', () => {
  assert.deepEqual(sequentialColor(0), [68, 1, 84]);
  assert.deepEqual(sequentialColor(1), [253, 231, 37]);
  assert.deepEqual(sequentialColor(0.5), [33, 144, 141]);
  assert.deepEqual(sequentialColor(-1), [68, 1, 84]);
  assert.deepEqual(sequentialColor(2), [253, 231, 37]);
});

test('categoricalColor cycles after ten, also for negative ids', () => {
  assert.equal(categoricalColor(0), '#1f77b4');
  assert.equal(categoricalColor(10), '#1f77b4');
  assert.equal(categoricalColor(-1), '#17becf');
});

test('withAlpha converts #rrggbb to rgba()', () => {
  assert.equal(withAlpha('#1f77b4', 0.5), 'rgba(31, 119, 180, 0.5)');
});
