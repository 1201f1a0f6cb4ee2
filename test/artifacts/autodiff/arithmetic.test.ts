// Pow, Sqrt, Neg, Where against central differences.
import { test } from 'node:test';
import { DataType } from '../../../src/onnx/types.js';
import { assertGradientsMatch, gradCheck, uniform } from './gradcheck.js';

test('Pow with a constant exponent 2 (broadcast scalar)', async () => {
  const report = await gradCheck({ inputs: [{ name: 'a', shape: [2, 3, 4] }], build: (g, v) => g.op('Pow', [v.a!, g.scalarFloat(2)]) });
  assertGradientsMatch(report);
});

test('Pow: gradients of both a positive base and a broadcast exponent', async () => {
  const report = await gradCheck({
    inputs: [
      { name: 'a', shape: [2, 3], data: uniform(6, 3, 0.5, 2) },
      { name: 'e', shape: [3], data: Float32Array.of(0.5, 1.5, 3) },
    ],
    build: (g, v) => g.op('Pow', [v.a!, v.e!]),
  });
  assertGradientsMatch(report);
});

test('Sqrt of positive inputs', async () => {
  const report = await gradCheck({ inputs: [{ name: 'x', shape: [2, 5], data: uniform(10, 4, 0.3, 2) }], h: 1e-3, build: (g, v) => g.op('Sqrt', [v.x!]) });
  assertGradientsMatch(report);
});

test('Neg', async () => {
  assertGradientsMatch(await gradCheck({ inputs: [{ name: 'x', shape: [7] }], build: (g, v) => g.op('Neg', [v.x!]) }));
});

test('Where with a constant condition and broadcast branches', async () => {
  const report = await gradCheck({
    inputs: [
      { name: 'x', shape: [2, 3] },
      { name: 'y', shape: [3] },
    ],
    build: (g, v) => {
      const c = g.initializer({ name: 'cond', dataType: DataType.BOOL, dims: [2, 3], data: Uint8Array.of(1, 0, 1, 0, 0, 1) });
      return g.op('Where', [c, v.x!, v.y!]);
    },
  });
  assertGradientsMatch(report);
});
