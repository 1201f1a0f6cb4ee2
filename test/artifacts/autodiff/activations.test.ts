import { test } from 'node:test';
import { assertGradientsMatch, gradCheck, spaced } from './gradcheck.js';

function unaryCase(op: string, data?: Float32Array) {
  return gradCheck({
    inputs: [{ name: 'x', shape: [2, 3, 4], ...(data ? { data } : {}) }],
    h: 0.01,
    build: (g, x) => g.op(op, [x.x!]),
  });
}

test('Relu (inputs at least 0.025 away from the kink)', async () => assertGradientsMatch(await unaryCase('Relu', spaced(24, 3))));
test('Sigmoid', async () => assertGradientsMatch(await unaryCase('Sigmoid')));
test('Tanh', async () => assertGradientsMatch(await unaryCase('Tanh')));
test('SiLU as Mul(x, Sigmoid(x))', async () => {
  const report = await gradCheck({
    inputs: [{ name: 'x', shape: [2, 3, 4] }],
    build: (g, x) => g.op('Mul', [x.x!, g.op('Sigmoid', [x.x!])]),
  });
  assertGradientsMatch(report);
});
