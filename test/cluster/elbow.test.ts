import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elbowK } from '../../src/cluster/elbow.js';

test('classic elbow', () => {
  // [100, 20, 15, 12, 10]: y = (I - 10) / 90 = 1, .111, .056, .022, 0 at x = 0, .25, .5, .75, 1.
  // Chord y = 1 - x: 1, .75, .5, .25, 0. Gap below the chord: 0, .639, .444, .228, 0 -> k = 2.
  assert.equal(elbowK([100, 20, 15, 12, 10]), 2);
  assert.equal(elbowK([100000, 20000, 15000, 12000, 10000]), 2, 'scale invariant');
});

test('late drop: the elbow is after the drop, not where it starts', () => {
  // [100, 90, 80, 10, 5]: y = (I - 5) / 95 = 1, .895, .789, .053, 0; chord 1, .75, .5, .25, 0.
  // Gap below: 0, -.145, -.289, .197, 0 -> k = 4 (k = 3 lies above the chord, it is no elbow).
  assert.equal(elbowK([100, 90, 80, 10, 5]), 4);
});

test('straight and concave curves have no elbow -> 1', () => {
  assert.equal(elbowK([4, 3, 2, 1]), 1);
  // [10, 9, 7, 0]: y = 1, .9, .7, 0 vs chord 1, .667, .333, 0: all on or above.
  assert.equal(elbowK([10, 9, 7, 0]), 1);
});

test('short, flat and non-monotone curves', () => {
  assert.equal(elbowK([]), 1);
  assert.equal(elbowK([5]), 1);
  assert.equal(elbowK([5, 1]), 1);
  assert.equal(elbowK([3, 3, 3]), 1);
  // [10, 2, 3]: y = 1, 0, .125; chord from (0, 1) to (1, .125) is .5625 at x = .5 -> k = 2.
  assert.equal(elbowK([10, 2, 3]), 2);
});

test('ties go to the smaller k', () => {
  // [3, 1, 0, 0]: y = 1, 1/3, 0, 0; chord 1, 2/3, 1/3, 0 -> gaps 0, 1/3, 1/3, 0: tie between k = 2 and 3.
  assert.equal(elbowK([3, 1, 0, 0]), 2);
});

test('non-finite inertia throws', () => {
  assert.throws(() => elbowK([3, NaN, 1]), /non-finite/);
});
