import { test } from 'node:test';
import { assertGradientsMatch, gradCheck, uniform } from './gradcheck.js';

function binaryCase(op: string, a: number[], b: number[], bData?: Float32Array) {
  return gradCheck({
    inputs: [
      { name: 'a', shape: a },
      { name: 'b', shape: b, ...(bData ? { data: bData } : {}) },
    ],
    h: 0.01,
    build: (g, x) => g.op(op, [x.a!, x.b!]),
  });
}

for (const op of ['Add', 'Sub', 'Mul']) {
  test(`${op} with equal shapes`, async () => assertGradientsMatch(await binaryCase(op, [2, 3, 4], [2, 3, 4])));
  test(`${op} broadcasting B (lower rank, size-1 axis)`, async () => assertGradientsMatch(await binaryCase(op, [2, 3, 4, 5], [3, 1, 5])));
  test(`${op} broadcasting both operands`, async () => assertGradientsMatch(await binaryCase(op, [2, 1, 4], [3, 1])));
}

test('Div broadcasting both operands (B kept away from 0)', async () =>
  assertGradientsMatch(await binaryCase('Div', [2, 1, 4], [3, 1], uniform(3, 7, 1, 2))));

test('Mul of a tensor with itself adds both paths', async () => {
  const report = await gradCheck({ inputs: [{ name: 'x', shape: [3, 4] }], build: (g, x) => g.op('Mul', [x.x!, x.x!]) });
  assertGradientsMatch(report);
});
