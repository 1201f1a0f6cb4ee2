/**
 * The q/k/v parts of a fused `attention_qkv` projection (docs/design.md section 4), from the split op nearest the
 * projection on each path (attention-roles.ts):
 * - Split: the output's sizes (the `split` input from opset 13, the attribute before, equal parts without either);
 * - Slice: constant starts/ends (one axis);
 * - Gather with a constant index i after a Reshape to [..., 3, heads, head_dim]: the i-th third.
 * A part is an interval [start, start + len) of output features. In the stored weight, output features are rows
 * when the weight is [out, in] (Gemm transB=1, or Transpose(W) -> MatMul): one contiguous range per part; they are
 * columns when it is [in, out] (MatMul's own layout): one range per row. A bias [out] gives one range per part.
 * Parts that do not tile the output features exactly are not reported.
 */
import type { Node, Tensor } from '../onnx/types.js';
import type { GraphIndex } from './graph-index.js';
import type { LayerPart, TensorRange } from './types.js';
import { readInts } from './attributes.js';
import type { SplitStep } from './attention-roles.js';
import { constantInts } from './parent-path.js';

type Interval = [number, number];

export function qkvParts(
  ix: GraphIndex,
  splits: Record<'q' | 'k' | 'v', SplitStep | null>,
  weight: Tensor,
  outAxis: 0 | 1,
  bias: Tensor | undefined,
): LayerPart[] | undefined {
  if (weight.dims.length !== 2) return undefined;
  const features = weight.dims[outAxis]!;
  const intervals: Partial<Record<'q' | 'k' | 'v', Interval>> = {};
  for (const part of ['q', 'k', 'v'] as const) {
    const step = splits[part];
    const interval = step ? intervalOf(ix, step, features) : undefined;
    if (!interval) return undefined;
    intervals[part] = interval;
  }
  const sorted = Object.values(intervals).sort((x, y) => x[0] - y[0]);
  let next = 0;
  for (const [start, end] of sorted) {
    if (start !== next || end <= start) return undefined;
    next = end;
  }
  if (next !== features) return undefined;
  if (bias && (bias.dims.length !== 1 || bias.dims[0] !== features)) bias = undefined;
  return (['q', 'k', 'v'] as const).map((part) => {
    const [start, end] = intervals[part]!;
    return {
      part,
      weight: weightRanges(weight, outAxis, start, end - start),
      extras: bias ? [{ tensor: bias.name, start, count: end - start }] : [],
    };
  });
}

function weightRanges(weight: Tensor, outAxis: 0 | 1, start: number, count: number): TensorRange[] {
  const [rows, cols] = weight.dims as [number, number];
  if (outAxis === 0) return [{ tensor: weight.name, start: start * cols, count: count * cols }];
  return Array.from({ length: rows }, (_, r) => ({ tensor: weight.name, start: r * cols + start, count }));
}

function intervalOf(ix: GraphIndex, step: SplitStep, features: number): Interval | undefined {
  const node = step.node;
  if (node.opType === 'Split') {
    const count = node.outputs.length;
    const sizes = constantInts(ix, node.inputs[1]) ?? readInts(node, 'split', Array(count).fill(features / count));
    if (sizes.length !== count || step.output < 0) return undefined;
    const start = sizes.slice(0, step.output).reduce((s, d) => s + d, 0);
    return [start, start + sizes[step.output]!];
  }
  if (node.opType === 'Slice') return sliceInterval(ix, node, features);
  if (node.opType === 'Gather') {
    const index = constantInts(ix, node.inputs[1]);
    if (!index || index.length !== 1 || features % 3 !== 0) return undefined;
    const i = index[0]! < 0 ? index[0]! + 3 : index[0]!;
    return i >= 0 && i < 3 ? [(i * features) / 3, ((i + 1) * features) / 3] : undefined;
  }
  return undefined;
}

function sliceInterval(ix: GraphIndex, node: Node, features: number): Interval | undefined {
  const starts = constantInts(ix, node.inputs[1]) ?? readInts(node, 'starts', []);
  const ends = constantInts(ix, node.inputs[2]) ?? readInts(node, 'ends', []);
  if (starts.length !== 1 || ends.length !== 1) return undefined;
  const steps = constantInts(ix, node.inputs[4]);
  if (steps && steps[0] !== 1) return undefined;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + features : v, 0), features);
  return [clamp(starts[0]!), clamp(ends[0]!)];
}
