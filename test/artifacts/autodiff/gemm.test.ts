import { test } from 'node:test';
import { floatAttr, intAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck } from './gradcheck.js';

function gemmCase(transA: boolean, transB: boolean, alpha: number, beta: number, cShape: number[] | null) {
  const [m, k, n] = [3, 4, 5];
  return gradCheck({
    inputs: [
      { name: 'a', shape: transA ? [k, m] : [m, k] },
      { name: 'b', shape: transB ? [n, k] : [k, n] },
      ...(cShape ? [{ name: 'c', shape: cShape }] : []),
    ],
    h: 0.05,
    build: (b, x) =>
      b.op('Gemm', cShape ? [x.a!, x.b!, x.c!] : [x.a!, x.b!], {
        transA: intAttr(transA ? 1 : 0),
        transB: intAttr(transB ? 1 : 0),
        alpha: floatAttr(alpha),
        beta: floatAttr(beta),
      }),
  });
}

test('Gemm plain with a full C', async () => assertGradientsMatch(await gemmCase(false, false, 1, 1, [3, 5])));
test('Gemm transA, alpha 0.5, bias row [N] broadcast, beta 2', async () =>
  assertGradientsMatch(await gemmCase(true, false, 0.5, 2, [5])));
test('Gemm transB (PyTorch Linear), bias [1, N]', async () => assertGradientsMatch(await gemmCase(false, true, 1, 1, [1, 5])));
test('Gemm transA and transB, alpha 1.5, column bias [M, 1], beta 0.25', async () =>
  assertGradientsMatch(await gemmCase(true, true, 1.5, 0.25, [3, 1])));
test('Gemm without C', async () => assertGradientsMatch(await gemmCase(true, true, 2, 1, null)));
