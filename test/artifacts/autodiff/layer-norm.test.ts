// LayerNormalization (opset 17) and its opset-13 decomposition (ReduceMean, Sub, Pow, Add, Sqrt, Div) against
// central differences, for input, scale and bias.
import { test } from 'node:test';
import { floatAttr, intAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck } from './gradcheck.js';

test('LayerNormalization over the last axis with scale and bias', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 3, 5] }, { name: 's', shape: [5] }, { name: 'b', shape: [5] }],
    build: (g, v) => {
      const y = g.op('LayerNormalization', [v.x!, v.s!, v.b!], { epsilon: floatAttr(1e-5) });
      return g.op('Mul', [y, y]);
    },
  });
  assertGradientsMatch(report);
});

test('LayerNormalization over axes 1.. with a 2-D scale and no bias', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 3, 4] }, { name: 's', shape: [3, 4] }],
    build: (g, v) => {
      const y = g.op('LayerNormalization', [v.x!, v.s!], { axis: intAttr(1) });
      return g.op('Mul', [y, y]);
    },
  });
  assertGradientsMatch(report);
});

test('Opset-13 decomposition: (x - mean) / sqrt(mean((x - mean)^2) + eps) * s + b', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 3, 5] }, { name: 's', shape: [5] }, { name: 'b', shape: [5] }],
    build: (g, v) => {
      const mean = g.op('ReduceMean', [v.x!], { axes: { type: 'ints', value: [-1] } });
      const c = g.op('Sub', [v.x!, mean]);
      const variance = g.op('ReduceMean', [g.op('Pow', [c, g.scalarFloat(2)])], { axes: { type: 'ints', value: [-1] } });
      const norm = g.op('Div', [c, g.op('Sqrt', [g.op('Add', [variance, g.scalarFloat(1e-5)])])]);
      const y = g.op('Add', [g.op('Mul', [norm, v.s!]), v.b!]);
      return g.op('Mul', [y, y]);
    },
  });
  assertGradientsMatch(report);
});
