import { test } from 'node:test';
import { assertGradientsMatch, gradCheck } from './gradcheck.js';

function matmulCase(a: number[], b: number[]) {
  return gradCheck({
    inputs: [
      { name: 'a', shape: a },
      { name: 'b', shape: b },
    ],
    h: 0.05,
    build: (g, x) => g.op('MatMul', [x.a!, x.b!]),
  });
}

test('MatMul 2-D', async () => assertGradientsMatch(await matmulCase([3, 4], [4, 2])));
test('MatMul batched A with a shared 2-D B (B gradient summed over the batch)', async () =>
  assertGradientsMatch(await matmulCase([2, 3, 3, 4], [4, 5])));
test('MatMul broadcasting batch dims of both operands', async () =>
  assertGradientsMatch(await matmulCase([2, 1, 3, 4], [3, 4, 2])));
test('MatMul 1-D A and 1-D B', async () => {
  assertGradientsMatch(await matmulCase([4], [2, 4, 3]));
  assertGradientsMatch(await matmulCase([2, 3, 4], [4]));
});
