// Softmax / LogSoftmax along the last and a middle axis against central differences.
import { test } from 'node:test';
import { intAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck } from './gradcheck.js';

const x = [{ name: 'x', shape: [2, 3, 4] }];

test('Softmax, default axis (-1)', async () => {
  assertGradientsMatch(await gradCheck({ inputs: x, build: (g, v) => g.op('Softmax', [v.x!]) }));
});

test('Softmax axis 1', async () => {
  assertGradientsMatch(await gradCheck({ inputs: x, build: (g, v) => g.op('Softmax', [v.x!], { axis: intAttr(1) }) }));
});

test('LogSoftmax, default axis', async () => {
  assertGradientsMatch(await gradCheck({ inputs: x, build: (g, v) => g.op('LogSoftmax', [v.x!]) }));
});

test('LogSoftmax axis 0', async () => {
  assertGradientsMatch(await gradCheck({ inputs: x, build: (g, v) => g.op('LogSoftmax', [v.x!], { axis: intAttr(0) }) }));
});
