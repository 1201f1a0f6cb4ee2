import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTick, isPowerOfTen, linearAxisTicks, logAxisTicks } from '../../src/report/chart-canvas.js';

test('formatTick: as many decimals as the step needs, exponent form for tiny values, float noise is "0"', () => {
  assert.equal(formatTick(0.0055, 0.0005), '0.0055');
  assert.equal(formatTick(0.002, 0.0005), '0.0020', 'same decimals on every tick of an axis');
  assert.equal(formatTick(0.25, 0.25), '0.25', 'a 2.5 step needs one decimal more');
  assert.equal(formatTick(224, 50), '224');
  assert.equal(formatTick(4.5e-5, 5e-6), '4.5e-5', 'not "4.500000E-5"');
  assert.equal(formatTick(4e-5, 5e-6), '4e-5');
  assert.equal(formatTick(-1.7e-21, 5e-6), '0', 'not "-1.700000E-21"');
  assert.equal(formatTick(0, 1), '0');
  assert.equal(formatTick(2.5e6, 5e5), '2.5e6');
});

test('linearAxisTicks labels each tick with the step of its axis', () => {
  const { callback } = linearAxisTicks();
  const ticks = [{ value: 0 }, { value: 5e-6 }, { value: 1e-5 }];
  assert.deepEqual(ticks.map((t, i) => callback(t.value, i, ticks)), ['0', '5e-6', '1e-5']);
});

test('logAxisTicks: no autoSkip (it dropped decade labels); 1-2-5 labels, only powers of ten over many decades', () => {
  const few = logAxisTicks([5e-6, 0.007]);
  assert.equal(few.autoSkip, false);
  assert.deepEqual([1e-5, 2e-5, 3e-5, 5e-5].map(few.callback), ['1e-5', '2e-5', '', '5e-5']);
  const many = logAxisTicks([1e-9, 1]);
  assert.deepEqual([1e-5, 2e-5, 0.1].map(many.callback), ['1e-5', '', '0.1']);
  assert.ok(isPowerOfTen(1e-7) && !isPowerOfTen(2e-7));
});
