import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardSource, gatheredPerSample, inputGradSource, isIdentity, tapPlan } from '../../../src/artifacts/autodiff/conv-patches.js';
import type { WindowGeometry } from '../../../src/graph/conv-geometry.js';

const geometry = (kernel: number[], stride: number, pad: number): WindowGeometry => ({
  kernel,
  strides: kernel.map(() => stride),
  dilations: kernel.map(() => 1),
  pads: [...kernel.map(() => pad), ...kernel.map(() => pad)],
  ceilMode: false,
});

test('3x3 kernel, pad 1, on a 1x1 map: only the centre tap reads the input', () => {
  const g = geometry([3, 3], 1, 1);
  const plan = tapPlan([1, 1], [3, 3], 1, forwardSource(g, [1, 1]));
  assert.deepEqual(plan.groups, [{ rows: [0], taps: [4], sources: [0] }]);
  assert.equal(plan.zeroRow, undefined);
  assert.ok(isIdentity(plan.groups[0]!, 1));
});

test('3x3 kernel, pad 1, on a 2x2 map: four groups of four taps, each the taps that stay inside', () => {
  const g = geometry([3, 3], 1, 1);
  const plan = tapPlan([2, 2], [3, 3], 4, forwardSource(g, [2, 2]));
  // Output (0,0) reads input (r-1, c-1) at tap (r, c): taps (1,1) (1,2) (2,1) (2,2) = 4, 5, 7, 8 read 0, 1, 2, 3.
  assert.deepEqual(plan.groups[0], { rows: [0], taps: [4, 5, 7, 8], sources: [0, 1, 2, 3] });
  assert.deepEqual(plan.groups[3], { rows: [3], taps: [0, 1, 3, 4], sources: [0, 1, 2, 3] });
  assert.equal(plan.groups.length, 4);
  assert.equal(gatheredPerSample(plan, 10), 4 * 4 * 10);
});

test('large maps take one padded group whose outside taps read the zero row', () => {
  const g = geometry([3, 3], 1, 1);
  const plan = tapPlan([16, 16], [3, 3], 256, forwardSource(g, [16, 16]));
  // 16x16: (14*3 + 2*2)^2 = 2116 of 2304 taps inside, 92 %.
  assert.equal(plan.groups.length, 1);
  assert.equal(plan.zeroRow, 256);
  const sources = plan.groups[0]!.sources;
  assert.equal(sources.filter((s) => s === 256).length, 2304 - 2116);
  assert.deepEqual(sources.slice(0, 9), [256, 256, 256, 256, 0, 1, 256, 16, 17]);
  // 8x8: 484 of 576 inside (84 %): exact groups, 9 of them (corners, edges, interior).
  assert.equal(tapPlan([8, 8], [3, 3], 64, forwardSource(g, [8, 8])).groups.length, 9);
});

test('dX of a stride-2 1x1 kernel: the positions it reads get dY, the others a group without taps', () => {
  const g = geometry([1, 1], 2, 0);
  const plan = tapPlan([4, 4], [1, 1], 4, inputGradSource(g, [2, 2]));
  assert.deepEqual(plan.groups[0], { rows: [0, 2, 8, 10], taps: [0], sources: [0, 1, 2, 3] });
  assert.deepEqual(plan.groups[1]!.taps, []);
  assert.equal(plan.groups[1]!.rows.length, 12);
});

test('dX of a 3x3 stride-2 kernel, 1-D: each input position hears the taps of the outputs that read it', () => {
  const g = geometry([3], 2, 1);
  // Outputs o = 0, 1 read inputs 2o-1 .. 2o+1 of 4: input 0 <- (o 0, tap 1); 1 <- (o 0, tap 2), (o 1, tap 0);
  // 2 <- (o 1, tap 1); 3 <- (o 1, tap 2).
  const plan = tapPlan([4], [3], 2, inputGradSource(g, [2]));
  const byRow = new Map(plan.groups.flatMap((grp) => grp.rows.map((r, i) => [r, { taps: grp.taps, sources: grp.sources.slice(i * grp.taps.length, (i + 1) * grp.taps.length) }] as const)));
  assert.deepEqual(byRow.get(0), { taps: [1], sources: [0] });
  assert.deepEqual(byRow.get(1), { taps: [0, 2], sources: [1, 0] });
  assert.deepEqual(byRow.get(2), { taps: [1], sources: [1] });
  assert.deepEqual(byRow.get(3), { taps: [2], sources: [1] });
});
