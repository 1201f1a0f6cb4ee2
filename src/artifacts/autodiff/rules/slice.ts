/**
 * Slice with constant starts/ends/axes/steps: dX is dY scattered back into zeros of X's shape. Per sliced axis of
 * size n taking c elements from `first` with step k: a negative step is first turned into a positive one by
 * reversing dY; a step k > 1 interleaves k - 1 zeros after each element (unsqueeze, pad, reshape, trim); then
 * zeros are padded before `first` and after the last element. A sliced axis must have a static size unless the
 * slice takes all of it.
 */
import { InputError } from '../../../errors.js';
import { reshape, unsqueeze } from '../../../graph/ops.js';
import type { BackwardContext } from '../rule.js';
import { inputZeroRule } from '../input-zero-rule.js';
import { normalizeAxis, staticInts } from '../static-ints.js';

const BIG = 2 ** 62;

/** ONNX's clamping of one axis' slice; returns the first index, the step and the count of taken elements. */
export function sliceRange(n: number, start: number, end: number, step: number): { first: number; step: number; count: number } {
  if (step === 0) throw new InputError('Slice step 0 is invalid');
  const norm = (v: number, lo: number, hi: number): number => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  if (step > 0) {
    const s = norm(start, 0, n), e = norm(end, 0, n);
    return { first: s, step, count: Math.max(0, Math.ceil((e - s) / step)) };
  }
  const s = norm(start, -1, n - 1), e = norm(end, -1, n - 1);
  const count = Math.max(0, Math.ceil((s - e) / -step));
  return { first: s + (count - 1) * step, step: -step, count };
}

function padAxis(ctx: BackwardContext, x: string, rank: number, axis: number, before: number, after: number, what: string): string {
  if (before === 0 && after === 0) return x;
  const pads = new Array<number>(2 * rank).fill(0);
  pads[axis] = before;
  pads[rank + axis] = after;
  return ctx.b.op('Pad', [x, ctx.b.constInt64(pads)], {}, ctx.name(what));
}

export const sliceRule = inputZeroRule(['Slice'], (ctx, dY) => {
  const { b, node } = ctx;
  const x = node.inputs[0]!;
  const xShape = ctx.shape(x);
  const yShape = ctx.shape(node.outputs[0]!);
  const rank = xShape.length;
  const starts = staticInts(ctx, node, 1, 'starts')!;
  const ends = staticInts(ctx, node, 2, 'ends')!;
  const axes = (staticInts(ctx, node, 3, 'axes') ?? starts.map((_, i) => i)).map((a) => normalizeAxis(a, rank));
  const steps = staticInts(ctx, node, 4, 'steps') ?? starts.map(() => 1);
  let g = dY;
  axes.forEach((axis, i) => {
    const n = xShape[axis];
    if (typeof n !== 'number') {
      if (starts[i] === 0 && ends[i]! >= BIG / 4 && steps[i] === 1) return;
      throw new InputError(`node ${node.name} (Slice): axis ${axis} of ${x} has no static size, so its slice cannot be differentiated`);
    }
    const r = sliceRange(n, starts[i]!, ends[i]!, steps[i]!);
    if (r.count === 0) throw new InputError(`node ${node.name} (Slice): the slice of axis ${axis} is empty`);
    if (steps[i]! < 0) g = b.op('Slice', [g, b.constInt64([-1]), b.constInt64([-BIG]), b.constInt64([axis]), b.constInt64([-1])], {}, ctx.name(`reverse${axis}`));
    let span = r.count;
    if (r.step > 1) {
      const after = yShape.slice(axis + 1);
      if (!after.every((d): d is number => typeof d === 'number')) {
        throw new InputError(`node ${node.name} (Slice): a step of ${r.step} needs static dims after axis ${axis}`);
      }
      const spread = padAxis(ctx, unsqueeze(b, g, [axis + 1], ctx.name(`unsq${axis}`)), rank + 1, axis + 1, 0, r.step - 1, `interleave${axis}`);
      const merged = reshape(b, spread, [...new Array<number>(axis).fill(0), r.count * r.step, ...after], ctx.name(`merge${axis}`));
      span = (r.count - 1) * r.step + 1;
      g = b.op('Slice', [merged, b.constInt64([0]), b.constInt64([span]), b.constInt64([axis])], {}, ctx.name(`trim${axis}`));
    }
    g = padAxis(ctx, g, rank, axis, r.first, n - r.first - span, `pad${axis}`);
  });
  return g === dY ? b.op('Identity', [dY], {}, ctx.name('dX')) : g;
});
