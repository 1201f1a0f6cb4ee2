import { test } from 'node:test';
import assert from 'node:assert/strict';
import { primitiveTotals } from '../../src/model/totals.js';
import type { Layer, Primitive } from '../../src/model/types.js';

function layer(primitive: Primitive, params: number, paramsAll: number): Layer {
  return {
    name: `${primitive}-${params}`,
    index: 0,
    depth: 0,
    op: 'Conv',
    primitive,
    weight: 'w',
    extras: [],
    tensors: ['w'],
    shape: [params],
    params,
    paramsAll,
    structuralKey: '',
  };
}

test('primitiveTotals counts layers and parameters per primitive in PRIMITIVES order, skipping absent ones', () => {
  const totals = primitiveTotals([
    layer('linear', 100, 110),
    layer('conv', 50, 55),
    layer('norm', 8, 16),
    layer('conv', 30, 30),
  ]);
  assert.deepEqual(totals, [
    { primitive: 'conv', layers: 2, params: 80, paramsAll: 85 },
    { primitive: 'linear', layers: 1, params: 100, paramsAll: 110 },
    { primitive: 'norm', layers: 1, params: 8, paramsAll: 16 },
  ]);
});

test('primitiveTotals of no layers is empty', () => {
  assert.deepEqual(primitiveTotals([]), []);
});
