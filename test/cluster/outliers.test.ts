import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipOutliers, clippingSummary, replacedMask } from '../../src/cluster/outliers.js';

test('row clipping: one spike replaced by the row mean (one pass)', () => {
  // Row [1,1,1,1,1,10]: mean 15/6 = 2.5; deviations -1.5 (x5) and 7.5;
  // population variance (5 * 2.25 + 56.25) / 6 = 11.25, std = 3.354..., 2 std = 6.708 < 7.5 -> 10 becomes 2.5.
  // The 1s (deviation 1.5) stay, and no second pass is made with the new mean.
  // Row [0,1,0,1]: mean 0.5, std 0.5, every deviation 0.5 <= 1 -> unchanged.
  const m = [
    [1, 1, 1, 1, 1, 10],
    [0, 1, 0, 1],
  ];
  const out = clipOutliers(m, 'row', 2);
  assert.deepEqual(out, [
    [1, 1, 1, 1, 1, 2.5],
    [0, 1, 0, 1],
  ]);
  assert.deepEqual(m[0], [1, 1, 1, 1, 1, 10], 'input not modified');
  assert.notEqual(out[1], m[1], 'new rows');
});

test('row clipping ignores nulls in the statistics and keeps them', () => {
  // Non-null values 2, 4, 6: mean 4, population variance (4 + 0 + 4) / 3 = 8/3, std = 1.633.
  // sigma = 1: |2 - 4| = |6 - 4| = 2 > 1.633 -> both become 4. sigma = 2: limit 3.27, nothing changes.
  const m = [[2, null, 4, 6, null], [null, null]];
  assert.deepEqual(clipOutliers(m, 'row', 1), [[4, null, 4, 4, null], [null, null]]);
  assert.deepEqual(clipOutliers(m, 'row', 2), m);
});

test('column clipping works on columns', () => {
  const byRow = [[1, 1, 1, 1, 1, 10], [2, null, 4, 6, null, 3]];
  const transpose = (x: (number | null)[][]) => x[0].map((_, j) => x.map((row) => row[j]));
  // Second row with sigma 1: values 2,4,6,3 -> mean 3.75, var (3.0625 + 0.0625 + 5.0625 + 0.5625) / 4 = 2.1875,
  // std 1.479: |2 - 3.75| = 1.75 and |6 - 3.75| = 2.25 exceed it -> 3.75; 4 and 3 stay.
  const rowResult = clipOutliers(byRow, 'row', 1);
  assert.deepEqual(rowResult[1], [3.75, null, 4, 3.75, null, 3]);
  // First row with sigma 1: mean 2.5, std 3.354: only 10 (deviation 7.5) is clipped.
  assert.deepEqual(rowResult[0], [1, 1, 1, 1, 1, 2.5]);
  assert.deepEqual(clipOutliers(transpose(byRow), 'column', 1), transpose(rowResult));
});

test('none copies; constant lines are untouched; bad sigma throws', () => {
  const m = [[5, 5, 5], [null, 1, 100]];
  const none = clipOutliers(m, 'none', 2);
  assert.deepEqual(none, m);
  assert.notEqual(none[0], m[0]);
  assert.deepEqual(clipOutliers([[0.1, 0.1, 0.1, 0.1]], 'row', 0.5), [[0.1, 0.1, 0.1, 0.1]]);
  assert.throws(() => clipOutliers(m, 'row', -1), /sigma/);
  assert.throws(() => clipOutliers(m, 'row', NaN), /sigma/);
});

test('replacedMask and clippingSummary count where clipped differs from raw, per transition', () => {
  const raw = [
    [1, 2, null, 4],
    [5, 6, 7],
  ];
  const clipped = [
    [1, 9, null, 9],
    [5, 6, 0],
  ];
  assert.deepEqual(replacedMask(raw, clipped), [
    [false, true, false, true],
    [false, false, true],
  ]);
  assert.deepEqual(clippingSummary(raw, clipped), { replaced: 3, byTransition: [0, 1, 1, 1] });
  assert.deepEqual(clippingSummary([], []), { replaced: 0, byTransition: [] });
});
