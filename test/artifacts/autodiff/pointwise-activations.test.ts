// Clip, HardSigmoid, HardSwish, LeakyRelu, Elu, Erf (and GELU built from it), Softplus against central differences.
// Kinked activations get inputs spaced away from their kinks so that x +- h stays on one side.
import { test } from 'node:test';
import { floatAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck, spaced } from './gradcheck.js';

const x = (data?: Float32Array) => [{ name: 'x', shape: [2, 3, 4], ...(data ? { data } : {}) }];

test('Clip with min and max inputs (ReLU6-like, bounds -0.5 and 0.5, inputs 0.025 from them)', async () => {
  const report = await gradCheck({ inputs: x(spaced(24, 1)), build: (g, v) => g.op('Clip', [v.x!, g.scalarFloat(-0.5), g.scalarFloat(0.5)]) });
  assertGradientsMatch(report);
});

test('Clip with only a min input (ReLU as Clip)', async () => {
  const report = await gradCheck({ inputs: x(spaced(24, 2)), build: (g, v) => g.op('Clip', [v.x!, g.scalarFloat(0.1)]) });
  assertGradientsMatch(report);
});

test('Clip with only a max input (empty min slot)', async () => {
  const report = await gradCheck({ inputs: x(spaced(24, 3)), build: (g, v) => g.op('Clip', [v.x!, '', g.scalarFloat(-0.2)]) });
  assertGradientsMatch(report);
});

test('HardSigmoid as PyTorch exports it (alpha 1/6), inputs across both kinks at +-3', async () => {
  const report = await gradCheck({
    inputs: x(spaced(24, 4, 0.3)),
    build: (g, v) => g.op('HardSigmoid', [v.x!], { alpha: floatAttr(1 / 6), beta: floatAttr(0.5) }),
  });
  assertGradientsMatch(report);
});

test('HardSigmoid default alpha 0.2, beta 0.5', async () => {
  const report = await gradCheck({ inputs: x(spaced(24, 5, 0.3)), build: (g, v) => g.op('HardSigmoid', [v.x!]) });
  assertGradientsMatch(report);
});

test('HardSwish, inputs across -3 and 3', async () => {
  const report = await gradCheck({ inputs: x(spaced(24, 6, 0.3)), build: (g, v) => g.op('HardSwish', [v.x!]) });
  assertGradientsMatch(report);
});

test('LeakyRelu alpha 0.2', async () => {
  const report = await gradCheck({ inputs: x(spaced(24, 7)), build: (g, v) => g.op('LeakyRelu', [v.x!], { alpha: floatAttr(0.2) }) });
  assertGradientsMatch(report);
});

test('LeakyRelu default alpha', async () => {
  const report = await gradCheck({ inputs: x(spaced(24, 8)), build: (g, v) => g.op('LeakyRelu', [v.x!]) });
  assertGradientsMatch(report);
});

test('Elu alpha 0.7 (kinked at 0)', async () => {
  const report = await gradCheck({ inputs: x(spaced(24, 9, 0.2)), build: (g, v) => g.op('Elu', [v.x!], { alpha: floatAttr(0.7) }) });
  assertGradientsMatch(report);
});

test('Erf', async () => {
  assertGradientsMatch(await gradCheck({ inputs: x(), build: (g, v) => g.op('Erf', [v.x!]) }));
});

test('GELU as PyTorch exports it: x * 0.5 * (1 + erf(x / sqrt 2))', async () => {
  const report = await gradCheck({
    inputs: x(spaced(24, 10, 0.25)),
    build: (g, v) => {
      const e = g.op('Erf', [g.op('Div', [v.x!, g.scalarFloat(Math.SQRT2)])]);
      return g.op('Mul', [g.op('Mul', [v.x!, g.op('Add', [e, g.scalarFloat(1)])]), g.scalarFloat(0.5)]);
    },
  });
  assertGradientsMatch(report);
});

test('Softplus', async () => {
  assertGradientsMatch(await gradCheck({ inputs: x(spaced(24, 11, 0.3)), build: (g, v) => g.op('Softplus', [v.x!]) }));
});
