import { test } from 'node:test';
import { intAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck } from './gradcheck.js';

test('Flatten axis 1 followed by a scaling Mul', async () => {
  const report = await gradCheck({
    inputs: [
      { name: 'x', shape: [2, 3, 2, 2] },
      { name: 's', shape: [12] },
    ],
    build: (g, x) => g.op('Mul', [g.op('Flatten', [x.x!], { axis: intAttr(1) }), x.s!]),
  });
  assertGradientsMatch(report);
});

test('Flatten axis 2', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 3, 2, 2] }],
    build: (g, x) => g.op('Flatten', [x.x!], { axis: intAttr(2) }),
  });
  assertGradientsMatch(report);
});

test('Reshape with 0 and -1 in the target', async () => {
  const report = await gradCheck({
    inputs: [
      { name: 'x', shape: [2, 3, 4] },
      { name: 's', shape: [4, 3] },
    ],
    build: (g, x) => g.op('Mul', [g.op('Reshape', [x.x!, g.constInt64([0, -1, 3])]), x.s!]),
  });
  assertGradientsMatch(report);
});

test('Identity passes the gradient', async () => {
  const report = await gradCheck({ inputs: [{ name: 'x', shape: [5] }], build: (g, x) => g.op('Identity', [x.x!]) });
  assertGradientsMatch(report);
});
