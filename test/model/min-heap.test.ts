import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MinHeap } from '../../src/model/min-heap.js';

test('MinHeap pops in ascending order whatever the push order', () => {
  const heap = new MinHeap();
  const values = [5, 3, 9, 1, 7, 3, 0, 8, 2, 6];
  for (const v of values) heap.push(v);
  assert.equal(heap.size, values.length);
  const popped: number[] = [];
  for (let v = heap.pop(); v !== undefined; v = heap.pop()) popped.push(v);
  assert.deepEqual(popped, [...values].sort((x, y) => x - y));
  assert.equal(heap.pop(), undefined);
});

test('MinHeap interleaves pushes and pops', () => {
  const heap = new MinHeap();
  heap.push(4);
  heap.push(2);
  assert.equal(heap.pop(), 2);
  heap.push(1);
  heap.push(3);
  assert.equal(heap.pop(), 1);
  assert.equal(heap.pop(), 3);
  assert.equal(heap.pop(), 4);
  assert.equal(heap.size, 0);
});
