import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastInteger, naturalCompare } from '../../src/checkpoint/natural-order.js';

test('checkpoint names in natural order: checkpoint-25 before checkpoint-100, step9 before step10', () => {
  assert.deepEqual(['checkpoint-100', 'checkpoint-25', 'checkpoint-5'].sort(naturalCompare), ['checkpoint-5', 'checkpoint-25', 'checkpoint-100']);
  assert.deepEqual(['step10', 'step9', 'main'].sort(naturalCompare), ['main', 'step9', 'step10']);
});

test('lastInteger: the last run of digits of the base name', () => {
  assert.equal(lastInteger('runs/v2/checkpoint-1500'), 1500);
  assert.equal(lastInteger('epoch-007.safetensors'), 7);
  assert.equal(lastInteger('final.onnx'), null);
});
