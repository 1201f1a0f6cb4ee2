import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertHeld, heldTensors, permuteData } from '../../src/artifacts/layout.js';
import { inversePermutation, permutedShape } from '../../src/util/permutation.js';

test('permuteData moves axes as ONNX Transpose does', () => {
  // x[a][b][c] = 100a + 10b + c, shape [2, 3, 4]; perm [2, 0, 1]: y[c][a][b] = x[a][b][c].
  const x = Float32Array.from({ length: 24 }, (_, i) => 100 * Math.floor(i / 12) + 10 * Math.floor((i % 12) / 4) + (i % 4));
  const y = permuteData(x, [2, 3, 4], [2, 0, 1]);
  assert.deepEqual(permutedShape([2, 3, 4], [2, 0, 1]), [4, 2, 3]);
  for (let c = 0; c < 4; c++) for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) assert.equal(y[c * 6 + a * 3 + b], 100 * a + 10 * b + c);
});

test('a convolution weight held channels-last converts there and back unchanged', () => {
  const shape = [3, 5, 2, 2];
  const x = Float32Array.from({ length: 60 }, (_, i) => i);
  const t = { shape, layout: [0, 2, 3, 1] };
  const held = convertHeld(t, x);
  // w[m][c][h][w] at [m][h][w][c]: m = 1, c = 4, h = 1, w = 0 is 1*20 + 4*4 + 1*2 + 0 = 38.
  assert.equal(held[1 * 20 + 1 * 10 + 0 * 5 + 4], 38);
  assert.deepEqual(convertHeld(t, held, true), x);
  assert.deepEqual(inversePermutation([0, 2, 3, 1]), [0, 3, 1, 2]);
});

test('optimizer state is held like its parameter', () => {
  const held = heldTensors({
    params: [
      { name: 'w', shape: [2, 3, 1, 1], layout: [0, 2, 3, 1], trainable: true, role: 'parameter', updatedName: 'w.new' },
      { name: 'b', shape: [2], trainable: true, role: 'parameter', updatedName: 'b.new' },
    ],
    state: [
      { name: 'momentum.w', shape: [2, 3, 1, 1], param: 'w', kind: 'momentum', updatedName: 'momentum.w.new', initial: 0 },
      { name: 'momentum.b', shape: [2], param: 'b', kind: 'momentum', updatedName: 'momentum.b.new', initial: 0 },
    ],
  });
  assert.deepEqual([...held.keys()], ['w', 'momentum.w']);
});
