import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decadeTicks,
  evenlySampledIndices,
  formatNumber,
  logPosition,
  meanOfPresent,
  positiveRange,
  shouldUseLogScale,
} from '../../src/report/scales.js';
import { logHeatColor } from '../../src/report/charts/rwc-heatmap.js';
import { rowHeightFor } from '../../src/report/charts/matrix-heatmap.js';
import { MISSING_COLOR } from '../../src/report/colors.js';

test('logPosition maps min, geometric middle and max to 0, 0.5, 1', () => {
  assert.equal(logPosition(1e-4, 1e-4, 1e-2), 0);
  assert.ok(Math.abs((logPosition(1e-3, 1e-4, 1e-2) as number) - 0.5) < 1e-12);
  assert.equal(logPosition(1e-2, 1e-4, 1e-2), 1);
  assert.ok(Math.abs((logPosition(1e-1, 1e-2, 1e2) as number) - 0.25) < 1e-12);
});

test('logPosition clamps and rejects values without a log position', () => {
  assert.equal(logPosition(1e-9, 1e-4, 1e-2), 0);
  assert.equal(logPosition(5, 1e-4, 1e-2), 1);
  assert.equal(logPosition(0, 1e-4, 1e-2), null);
  assert.equal(logPosition(-1, 1e-4, 1e-2), null);
  assert.equal(logPosition(null, 1e-4, 1e-2), null);
  assert.equal(logPosition(Number.NaN, 1e-4, 1e-2), null);
});

test('logHeatColor: min -> viridis start, max -> viridis end, middle decade -> middle colour, null -> grey', () => {
  assert.deepEqual(logHeatColor(1e-4, 1e-4, 1e-2), [68, 1, 84]);
  assert.deepEqual(logHeatColor(1e-2, 1e-4, 1e-2), [253, 231, 37]);
  assert.deepEqual(logHeatColor(1e-3, 1e-4, 1e-2), [33, 144, 141]);
  assert.deepEqual(logHeatColor(null, 1e-4, 1e-2), MISSING_COLOR);
  assert.deepEqual(logHeatColor(0, 1e-4, 1e-2), MISSING_COLOR);
});

test('shouldUseLogScale: only when positive values span more than two decades', () => {
  assert.equal(shouldUseLogScale([0.01, 0.5, null]), false);
  assert.equal(shouldUseLogScale([0.001, 0.5]), true);
  assert.equal(shouldUseLogScale([0, 0.5, -3]), false);
  assert.equal(shouldUseLogScale([null, null]), false);
});

test('positiveRange ignores null, zero, negative and non-finite values', () => {
  assert.deepEqual(positiveRange([0, -1, 3, null, 0.5, Infinity, Number.NaN]), { min: 0.5, max: 3 });
  assert.equal(positiveRange([0, null]), null);
});

test('decadeTicks covers the range with powers of ten', () => {
  assert.deepEqual(decadeTicks(3e-4, 0.2), [1e-4, 1e-3, 1e-2, 1e-1, 1]);
});

test('evenlySampledIndices keeps first and last and returns all when few', () => {
  assert.deepEqual(evenlySampledIndices(5, 10), [0, 1, 2, 3, 4]);
  assert.deepEqual(evenlySampledIndices(512, 3), [0, 256, 511]);
  const s = evenlySampledIndices(512, 64);
  assert.equal(s.length, 64);
  assert.equal(s[0], 0);
  assert.equal(s[63], 511);
});

test('meanOfPresent skips nulls; formatNumber is short', () => {
  assert.equal(meanOfPresent([1, null, 3]), 2);
  assert.equal(meanOfPresent([null]), null);
  assert.equal(formatNumber(0.123456), '0.123');
  assert.equal(formatNumber(0.0000123), '1.23e-5');
  assert.equal(formatNumber(0.0001), '1e-4');
  assert.equal(formatNumber(0.00025), '2.5e-4');
  assert.equal(formatNumber(123456), '1.23e5');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(null), '–');
});

test('heatmap rows stay thin for 500 layers and tall enough for a few', () => {
  assert.equal(rowHeightFor(500), 2);
  assert.ok(rowHeightFor(12) >= 16);
});
