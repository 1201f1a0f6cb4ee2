import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from '../../../src/onnx/types.js';
import { gemmConvPlan } from '../../../src/artifacts/autodiff/conv-gemm.js';
import { depthwisePlan } from '../../../src/artifacts/autodiff/conv-depthwise.js';
import { intAttr, intsAttr } from '../../../src/graph/attrs.js';
import { assertGradientsMatch, gradCheck, type CaseInput } from './gradcheck.js';

function convCase(x: number[], w: number[], attrs: Record<string, number | number[]>, bias = true) {
  const inputs: CaseInput[] = [
    { name: 'x', shape: x },
    { name: 'w', shape: w },
  ];
  if (bias) inputs.push({ name: 'bias', shape: [w[0]!] });
  const attributes = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, Array.isArray(v) ? intsAttr(v) : intAttr(v)]));
  return gradCheck({
    inputs,
    h: 0.05,
    build: (b, n) => b.op('Conv', bias ? [n.x!, n.w!, n.bias!] : [n.x!, n.w!], attributes, 'conv'),
  });
}


test('Conv 3x3, stride 2, asymmetric pads', async () => {
  assertGradientsMatch(await convCase([2, 3, 7, 8], [4, 3, 3, 3], { strides: [2, 2], pads: [1, 0, 0, 1] }));
});

test('Conv dilation 2 with pads', async () => {
  assertGradientsMatch(await convCase([2, 2, 8, 8], [3, 2, 3, 3], { dilations: [2, 2], pads: [2, 1, 2, 1] }));
});

test('Conv group 2, stride 2 (output_padding needed)', async () => {
  assertGradientsMatch(await convCase([2, 4, 8, 7], [6, 2, 3, 3], { group: 2, strides: [2, 2], pads: [1, 1, 1, 1] }));
});

test('Conv depthwise 3x3 stride 2, no bias', async () => {
  assertGradientsMatch(await convCase([2, 4, 9, 9], [4, 1, 3, 3], { group: 4, strides: [2, 2], pads: [1, 1, 1, 1] }, false));
});

test('Conv 5x5 stride 3 leaves trailing input rows unused', async () => {
  assertGradientsMatch(await convCase([1, 2, 10, 11], [2, 2, 5, 5], { strides: [3, 3] }));
});

test('Conv 1x1 pointwise', async () => {
  assertGradientsMatch(await convCase([3, 4, 3, 3], [5, 4, 1, 1], {}));
});

test('Conv auto_pad SAME_UPPER with stride 2 (odd input, padding resolved statically)', async () => {
  const report = await gradCheck({
    inputs: [
      { name: 'x', shape: [2, 2, 7, 6] },
      { name: 'w', shape: [3, 2, 3, 3] },
    ],
    h: 0.05,
    build: (b, n) => b.op('Conv', [n.x!, n.w!], { auto_pad: { type: 'string', value: 'SAME_UPPER' }, strides: intsAttr([2, 2]) }),
  });
  assertGradientsMatch(report);
});

// Group-1 convolutions with >= 16 input channels on maps of <= 64 positions are Gemms over gathered rows, grouped by
// the kernel positions inside the input (forward, dW and dX of any stride); grouped stride-1 ones take dX from the
// flipped-kernel Conv.
test('Conv as Gemm: 3x2 kernel, stride 1, asymmetric pads', async () => {
  assertGradientsMatch(await convCase([2, 16, 6, 5], [4, 16, 3, 2], { pads: [1, 0, 0, 1] }));
});

test('Conv as Gemm: stride 1, dilation 2, pads', async () => {
  assertGradientsMatch(await convCase([2, 16, 7, 7], [3, 16, 3, 3], { dilations: [2, 2], pads: [2, 1, 1, 2] }));
});

test('Conv as Gemm: stride 2, 1x1 kernel, 1-D', async () => {
  assertGradientsMatch(await convCase([2, 16, 7, 6], [3, 16, 3, 3], { strides: [2, 2], pads: [1, 1, 0, 0] }));
  assertGradientsMatch(await convCase([2, 16, 4, 4], [5, 16, 1, 1], {}));
  assertGradientsMatch(await convCase([2, 16, 9], [3, 16, 3], { pads: [1, 2] }));
});

test('Conv as Gemm on small maps: one group per set of kernel positions inside the input', async () => {
  assertGradientsMatch(await convCase([2, 16, 1, 1], [4, 16, 3, 3], { pads: [1, 1, 1, 1] }));
  assertGradientsMatch(await convCase([2, 16, 2, 2], [3, 16, 3, 3], { pads: [1, 1, 1, 1] }));
  assertGradientsMatch(await convCase([2, 16, 4, 4], [3, 16, 3, 3], { strides: [2, 2], pads: [1, 1, 1, 1] }, false));
  // dX: input positions a stride-2 1x1 kernel never reads get zeros.
  assertGradientsMatch(await convCase([2, 16, 4, 4], [3, 16, 1, 1], { strides: [2, 2] }));
});

// Depthwise convolutions with >= 16 channels on maps of <= 16 positions: a Gather, Mul and ReduceSum per tap group.
test('Conv depthwise on small maps, by tap groups (forward, dW and dX)', async () => {
  assertGradientsMatch(await convCase([2, 16, 1, 1], [16, 1, 3, 3], { group: 16, pads: [1, 1, 1, 1] }));
  assertGradientsMatch(await convCase([2, 16, 2, 2], [16, 1, 3, 3], { group: 16, pads: [1, 1, 1, 1] }, false));
  assertGradientsMatch(await convCase([2, 16, 4, 4], [16, 1, 3, 3], { group: 16, strides: [2, 2], pads: [1, 1, 1, 1] }));
  // 8x8 output: the forward stays a Conv; dX of the 16x16 input does too (too many rows).
  assertGradientsMatch(await convCase([1, 16, 5, 5], [16, 1, 3, 3], { group: 16, strides: [2, 2], pads: [1, 1, 1, 1] }));
});

test('Conv group 2, stride 1 (grouped flipped-kernel dX)', async () => {
  assertGradientsMatch(await convCase([2, 4, 6, 6], [6, 2, 3, 3], { group: 2, pads: [1, 1, 1, 1] }));
});

test('Conv depthwise 3x3 stride 1 (flipped-kernel dX)', async () => {
  assertGradientsMatch(await convCase([2, 3, 6, 7], [3, 1, 3, 3], { group: 3, pads: [1, 1, 1, 1] }));
});

test('Conv depthwise with channel multiplier 2, stride 1', async () => {
  assertGradientsMatch(await convCase([2, 2, 5, 5], [4, 1, 3, 3], { group: 2, pads: [1, 1, 1, 1] }));
});

test('Conv 1-D, stride 1, pads larger than the kernel reach fall back to ConvTranspose', async () => {
  assertGradientsMatch(await convCase([2, 2, 6], [3, 2, 2], { pads: [2, 0] }));
});

test('which convolutions the training graph computes as a Gemm', () => {
  const node = (group = 1): Node => ({ name: 'c', opType: 'Conv', domain: '', inputs: ['x', 'w'], outputs: ['y'], attributes: { group: intAttr(group), pads: intsAttr([1, 1, 1, 1]) } });
  const shapes = (c: number, m: number, size: number) => (name: string) =>
    ({ x: ['batch', c, size, size], w: [m, c, 3, 3], y: ['batch', m, size, size] })[name as 'x' | 'w' | 'y'];
  assert.ok(gemmConvPlan(node(), shapes(16, 8, 8)) !== undefined, '16 channels, 8x8: Gemm');
  assert.equal(gemmConvPlan(node(), shapes(15, 8, 8)), undefined, '15 channels: Conv');
  assert.equal(gemmConvPlan(node(), shapes(16, 8, 9)), undefined, '9x9 = 81 positions: Conv');
  assert.equal(gemmConvPlan(node(2), shapes(16, 16, 8)), undefined, 'grouped: Conv');
  const dw = (size: number) => (name: string) => ({ x: ['batch', 16, size, size], w: [16, 1, 3, 3], y: ['batch', 16, size, size] })[name as 'x' | 'w' | 'y'];
  const depthwise = depthwisePlan(node(16), dw(2));
  assert.ok(depthwise?.forward !== undefined && depthwise.inputGrad !== undefined, 'depthwise 2x2: lowered');
  assert.equal(depthwisePlan(node(16), dw(8)), undefined, 'depthwise 8x8: 64 rows, stays a Conv');
});
