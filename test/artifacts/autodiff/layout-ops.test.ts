// Transpose, Concat, Split, Slice, Squeeze, Unsqueeze, Expand against central differences. Each output is
// multiplied by itself or by a second input so that gradients depend on where each element went.
import { test } from 'node:test';
import { intAttr, intsAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck } from './gradcheck.js';

test('Transpose with a perm, times a weight of the permuted shape', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 3, 4] }, { name: 'w', shape: [4, 2, 3] }],
    build: (g, v) => g.op('Mul', [g.op('Transpose', [v.x!], { perm: intsAttr([2, 0, 1]) }), v.w!]),
  });
  assertGradientsMatch(report);
});

test('Transpose with the default (reversed) perm', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 3, 4] }, { name: 'w', shape: [4, 3, 2] }],
    build: (g, v) => g.op('Mul', [g.op('Transpose', [v.x!]), v.w!]),
  });
  assertGradientsMatch(report);
});

test('Concat of three inputs along axis 1 (one of them a constant)', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'a', shape: [2, 1, 3] }, { name: 'b', shape: [2, 4, 3] }, { name: 'c', shape: [2, 2, 3], wrt: false }],
    build: (g, v) => {
      const y = g.op('Concat', [v.a!, v.b!, v.c!], { axis: intAttr(-2) });
      return g.op('Mul', [y, y]);
    },
  });
  assertGradientsMatch(report);
});

test('Split with sizes as an input; all outputs used', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 6] }],
    build: (g, v) => {
      const [p, q] = g.node('Split', [v.x!, g.constInt64([2, 4])], { axis: intAttr(1) }, { outputs: 2 });
      return g.op('Concat', [g.op('Mul', [p!, p!]), g.op('Neg', [q!])], { axis: intAttr(1) });
    },
  });
  assertGradientsMatch(report);
});

test('Split into three equal parts, the middle one unused (zero gradient there)', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [3, 4] }],
    build: (g, v) => {
      const [p, , r] = g.node('Split', [v.x!], { axis: intAttr(0) }, { outputs: 3 });
      return g.op('Mul', [p!, r!]);
    },
  });
  assertGradientsMatch(report);
});

test('Split opset 18 with num_outputs', async () => {
  const report = await gradCheck({
    opset: 18,
    inputs: [{ name: 'x', shape: [2, 4] }],
    build: (g, v) => {
      const [p, q] = g.node('Split', [v.x!], { axis: intAttr(1), num_outputs: intAttr(2) }, { outputs: 2 });
      return g.op('Mul', [p!, q!]);
    },
  });
  assertGradientsMatch(report);
});

const sliceCase = (shape: number[], starts: number[], ends: number[], axes: number[], steps: number[]) =>
  gradCheck({
    inputs: [{ name: 'x', shape }],
    build: (g, v) => {
      const y = g.op('Slice', [v.x!, g.constInt64(starts), g.constInt64(ends), g.constInt64(axes), g.constInt64(steps)]);
      return g.op('Mul', [y, y]);
    },
  });

test('Slice step 1 with a negative start and an end past the size', async () => {
  assertGradientsMatch(await sliceCase([3, 7], [-5], [100], [1], [1]));
});

test('Slice with step 2 on two axes', async () => {
  assertGradientsMatch(await sliceCase([5, 7, 2], [1, 0], [5, 7], [0, 1], [2, 3]));
});

test('Slice with step -1 (reversal) and step -2', async () => {
  assertGradientsMatch(await sliceCase([4, 7], [-1, 5], [-100, 0], [0, 1], [-1, -2]));
});

test('Slice without axes and steps inputs (opset 10 optional inputs absent)', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [4, 3] }],
    build: (g, v) => {
      const y = g.op('Slice', [v.x!, g.constInt64([1, 0]), g.constInt64([3, 2])]);
      return g.op('Mul', [y, y]);
    },
  });
  assertGradientsMatch(report);
});

test('Squeeze then Unsqueeze (axes as inputs), times a weight', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 1, 3] }, { name: 'w', shape: [2, 3, 1] }],
    build: (g, v) => g.op('Mul', [g.op('Unsqueeze', [g.op('Squeeze', [v.x!, g.constInt64([1])]), g.constInt64([-1])]), v.w!]),
  });
  assertGradientsMatch(report);
});

test('Expand [3, 1] to [2, 3, 4], times a weight', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [3, 1] }, { name: 'w', shape: [2, 3, 4] }],
    build: (g, v) => g.op('Mul', [g.op('Expand', [v.x!, g.constInt64([2, 3, 4])]), v.w!]),
  });
  assertGradientsMatch(report);
});
