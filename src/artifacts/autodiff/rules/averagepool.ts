/**
 * AveragePool: Y[o] = sum of X over window o / count[o], where count[o] is the window's size clipped to the padded
 * input (count_include_pad=1) or to the input itself (count_include_pad=0) — PyTorch's and onnxruntime's rule.
 * The counts are known statically, so dX = ConvTranspose(dY / count, ones[C, 1, k...], group=C) with the forward
 * geometry: every output spreads its share evenly over the input positions of its window.
 */
import { readInt, readInts } from '../../../graph/attrs.js';
import { windowGeometry, type WindowGeometry } from '../../../graph/conv-geometry.js';
import type { GradRule } from '../rule.js';
import { transposedWindow } from '../window-grad.js';

/** Window sizes per output position (row-major over the output's spatial dims). */
export function averagePoolCounts(g: WindowGeometry, spatial: number[], outSpatial: number[], includePad: boolean): number[] {
  const rank = spatial.length;
  const perAxis = spatial.map((size, i) =>
    Array.from({ length: outSpatial[i]! }, (_, o) => {
      const start = o * g.strides[i]! - g.pads[i]!;
      const end = Math.min(start + g.kernel[i]!, size + g.pads[i + rank]!);
      return includePad ? end - start : Math.min(end, size) - Math.max(start, 0);
    }),
  );
  let counts = [1];
  for (const axis of perAxis) counts = counts.flatMap((c) => axis.map((n) => c * n));
  return counts;
}

export const averagePoolRule: GradRule = {
  opTypes: ['AveragePool'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const b = ctx.b;
    const x = ctx.node.inputs[0]!;
    const [channels, ...spatial] = ctx.staticDims(x, 'AveragePool input', 1) as [number, ...number[]];
    const outSpatial = ctx.staticDims(ctx.node.outputs[0]!, 'AveragePool output', 2);
    const kernel = readInts(ctx.node, 'kernel_shape', []);
    const g = windowGeometry(ctx.node, spatial, kernel);
    const includePad = readInt(ctx.node, 'count_include_pad', 0) === 1;
    const counts = averagePoolCounts(g, spatial, outSpatial, includePad);
    const reciprocal = b.constFloat(counts.map((c) => 1 / c), [1, 1, ...outSpatial], `${ctx.node.name}.grad.reciprocalCount`);
    const share = b.op('Mul', [dY, reciprocal], {}, ctx.name('share'));
    const kernelSize = kernel.reduce((p, k) => p * k, 1);
    const ones = b.constFloat(new Array(channels * kernelSize).fill(1), [channels, 1, ...kernel], `${ctx.node.name}.grad.ones`);
    ctx.addGrad(0, transposedWindow(b, share, ones, g, spatial, outSpatial, channels, ctx.name('dX')));
  },
};
