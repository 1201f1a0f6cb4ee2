import { test } from 'node:test';
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

// Stride 1: dX is a Conv with the flipped, channel-swapped kernel; dW is one Gemm over the im2col windows.
test('Conv 3x2 kernel, stride 1, asymmetric pads (dX by flipped-kernel Conv, dW by Gemm)', async () => {
  assertGradientsMatch(await convCase([2, 3, 6, 5], [4, 3, 3, 2], { pads: [1, 0, 0, 1] }));
});

test('Conv stride 1, dilation 2, pads', async () => {
  assertGradientsMatch(await convCase([2, 2, 7, 7], [3, 2, 3, 3], { dilations: [2, 2], pads: [2, 1, 1, 2] }));
});

test('Conv group 2, stride 1 (grouped flipped-kernel dX)', async () => {
  assertGradientsMatch(await convCase([2, 4, 6, 6], [6, 2, 3, 3], { group: 2, pads: [1, 1, 1, 1] }));
});

test('Conv depthwise 3x3 stride 1 (dW by summed windows)', async () => {
  assertGradientsMatch(await convCase([2, 3, 6, 7], [3, 1, 3, 3], { group: 3, pads: [1, 1, 1, 1] }));
});

test('Conv depthwise with channel multiplier 2, stride 1', async () => {
  assertGradientsMatch(await convCase([2, 2, 5, 5], [4, 1, 3, 3], { group: 2, pads: [1, 1, 1, 1] }));
});

test('Conv 1-D, stride 1, pads larger than the kernel reach fall back to ConvTranspose', async () => {
  assertGradientsMatch(await convCase([2, 2, 6], [3, 2, 2], { pads: [2, 0] }));
});
