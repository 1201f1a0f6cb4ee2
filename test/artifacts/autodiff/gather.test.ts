// Gather (embeddings with repeated and negative indices, class-token indexing, a middle axis) against central
// differences; repeated indices must add up.
import { test } from 'node:test';
import { intAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck } from './gradcheck.js';

test('Gather axis 0: an embedding table looked up with repeated and negative indices', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'emb', shape: [5, 3] }],
    build: (g, v) => {
      const y = g.op('Gather', [v.emb!, g.constInt64([0, 2, 2, -1, 4, 0], [2, 3])]);
      return g.op('Mul', [y, y]);
    },
  });
  assertGradientsMatch(report);
});

test('Gather axis 1 with a scalar index (ViT class token x[:, 0])', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 4, 3] }],
    build: (g, v) => {
      const y = g.op('Gather', [v.x!, g.constInt64([0], [])], { axis: intAttr(1) });
      return g.op('Mul', [y, y]);
    },
  });
  assertGradientsMatch(report);
});

test('Gather axis 1 with a 2-D index tensor on a rank-3 input', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 4, 3] }],
    build: (g, v) => {
      const y = g.op('Gather', [v.x!, g.constInt64([3, 1, 1, 0], [2, 2])], { axis: intAttr(1) });
      return g.op('Mul', [y, y]);
    },
  });
  assertGradientsMatch(report);
});
