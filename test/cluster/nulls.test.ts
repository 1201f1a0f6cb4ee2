import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillNulls } from '../../src/cluster/nulls.js';

test('fillNulls uses the row mean of the non-null values, 0 for an all-null row', () => {
  const m = [[1, null, 3], [null, null], [5], [null, -2, 0.5, null]];
  assert.deepEqual(fillNulls(m), [[1, 2, 3], [0, 0], [5], [-0.75, -2, 0.5, -0.75]]);
  assert.deepEqual(m[0], [1, null, 3], 'input not modified');
  assert.deepEqual(fillNulls([]), []);
});
