/**
 * The q/k/v parts of a fused `attention_qkv` projection (docs/design.md section 4), from the split op nearest the
 * projection on each path (attention-roles.ts):
 * - Split: the output's sizes (the `split` input from opset 13, the attribute before, equal parts without either);
 * - Slice: constant starts/ends (one axis); or, as torch's MultiheadAttention exports its packed in_proj, bounds
 *   computed as k * u for one shared computed u (u = features / 3 from the Shape) and constants k (0 allowed as a
 *   constant): the part is [k_start, k_end) in units of features / (largest k_end);
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
  const intervals = constantIntervals(ix, splits, features) ?? scaledSliceIntervals(ix, splits, features);
  if (!intervals) return undefined;
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

function constantIntervals(
  ix: GraphIndex,
  splits: Record<'q' | 'k' | 'v', SplitStep | null>,
  features: number,
): Record<'q' | 'k' | 'v', Interval> | undefined {
  const out: Partial<Record<'q' | 'k' | 'v', Interval>> = {};
  for (const part of ['q', 'k', 'v'] as const) {
    const step = splits[part];
    const interval = step ? intervalOf(ix, step, features) : undefined;
    if (!interval) return undefined;
    out[part] = interval;
  }
  return out as Record<'q' | 'k' | 'v', Interval>;
}

/** Three Slices whose starts/ends are k * u for one computed u (constant 0 allowed). */
function scaledSliceIntervals(
  ix: GraphIndex,
  splits: Record<'q' | 'k' | 'v', SplitStep | null>,
  features: number,
): Record<'q' | 'k' | 'v', Interval> | undefined {
  const bounds: Partial<Record<'q' | 'k' | 'v', [number, number]>> = {};
  let unit: string | undefined;
  for (const part of ['q', 'k', 'v'] as const) {
    const node = splits[part]?.node;
    if (!node || node.opType !== 'Slice') return undefined;
    const ks: number[] = [];
    for (const value of [node.inputs[1], node.inputs[2]]) {
      const bound = scaledBound(ix, value);
      if (!bound) return undefined;
      if (bound.unit !== undefined) {
        if (unit !== undefined && unit !== bound.unit) return undefined;
        unit = bound.unit;
      }
      ks.push(bound.k);
    }
    bounds[part] = [ks[0]!, ks[1]!];
  }
  const units = Math.max(...Object.values(bounds).map(([, end]) => end));
  if (unit === undefined || units <= 0 || features % units !== 0) return undefined;
  const size = features / units;
  const out: Partial<Record<'q' | 'k' | 'v', Interval>> = {};
  for (const part of ['q', 'k', 'v'] as const) out[part] = [bounds[part]![0] * size, bounds[part]![1] * size];
  return out as Record<'q' | 'k' | 'v', Interval>;
}

/** A bound that is constant 0, or Mul(u, constant k) of a computed u (through Unsqueeze/Cast/Identity). */
function scaledBound(ix: GraphIndex, value: string | undefined): { unit?: string; k: number } | undefined {
  const constant = constantInts(ix, value);
  if (constant) return constant.length === 1 && constant[0] === 0 ? { k: 0 } : undefined;
  let current = value ?? '';
  for (let guard = 0; guard < 8; guard++) {
    const node = ix.producer.get(current);
    if (!node) return undefined;
    if (node.opType === 'Unsqueeze' || node.opType === 'Cast' || node.opType === 'Identity') {
      current = node.inputs[0] ?? '';
      continue;
    }
    if (node.opType !== 'Mul' || node.inputs.length !== 2) return undefined;
    const [a, b] = node.inputs as [string, string];
    const ka = constantInts(ix, a);
    const kb = constantInts(ix, b);
    if (kb?.length === 1 && !ka) return { unit: a, k: kb[0]! };
    if (ka?.length === 1 && !kb) return { unit: b, k: ka[0]! };
    return undefined;
  }
  return undefined;
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
