// ReduceMean / ReduceSum over various axes, keepdims on and off, axes as attribute (opset 13 ReduceMean, opset 12
// ReduceSum) and as input (opset 13 ReduceSum, opset 18 ReduceMean), against central differences.
import { test } from 'node:test';
import { intAttr, intsAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck } from './gradcheck.js';

const x = [{ name: 'x', shape: [2, 3, 2, 4] }];
// Squaring first makes each element's gradient depend on its own value, not only on R.
const sq = (g: Parameters<Parameters<typeof gradCheck>[0]['build']>[0], v: string): string => g.op('Mul', [v, v]);

test('ReduceMean over axes (2, 3) as an attribute, keepdims 0 (x.mean((2, 3)))', async () => {
  const report = await gradCheck({ inputs: x, build: (g, v) => g.op('ReduceMean', [sq(g, v.x!)], { axes: intsAttr([2, 3]), keepdims: intAttr(0) }) });
  assertGradientsMatch(report);
});

test('ReduceMean with negative axes, keepdims 1 (default)', async () => {
  const report = await gradCheck({ inputs: x, build: (g, v) => g.op('ReduceMean', [sq(g, v.x!)], { axes: intsAttr([-1, 1]) }) });
  assertGradientsMatch(report);
});

test('ReduceMean over all axes (no axes), keepdims 0', async () => {
  const report = await gradCheck({ inputs: x, build: (g, v) => g.op('ReduceMean', [sq(g, v.x!)], { keepdims: intAttr(0) }) });
  assertGradientsMatch(report);
});

test('ReduceMean opset 18: axes as an input', async () => {
  const report = await gradCheck({
    opset: 18,
    inputs: x,
    build: (g, v) => g.op('ReduceMean', [sq(g, v.x!), g.constInt64([0, 2])], { keepdims: intAttr(0) }),
  });
  assertGradientsMatch(report);
});

test('ReduceSum opset 13+: axes as an input, keepdims 0', async () => {
  const report = await gradCheck({ inputs: x, build: (g, v) => g.op('ReduceSum', [sq(g, v.x!), g.constInt64([1])], { keepdims: intAttr(0) }) });
  assertGradientsMatch(report);
});

test('ReduceSum opset 12: axes as an attribute, keepdims 1', async () => {
  const report = await gradCheck({ opset: 12, inputs: x, build: (g, v) => g.op('ReduceSum', [sq(g, v.x!)], { axes: intsAttr([0, 3]) }) });
  assertGradientsMatch(report);
});

test('ReduceSum with noop_with_empty_axes passes the gradient through', async () => {
  const report = await gradCheck({ inputs: x, build: (g, v) => g.op('ReduceSum', [sq(g, v.x!)], { noop_with_empty_axes: intAttr(1) }) });
  assertGradientsMatch(report);
});
