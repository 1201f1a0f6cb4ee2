/**
 * What the streaming pass computes for one segment (an element range of one tensor) across all checkpoints: the
 * per-checkpoint sums that pass.ts adds up per layer into RWC, distances, change counts and cosine. Pure given `read`,
 * which fills a buffer with the segment's values at checkpoint t. Holds four segment-sized buffers (first,
 * previous, current, and the start of the current every-k pair), whatever the number of checkpoints.
 */
import { DataType, type FloatData } from '../onnx/types.js';
// Direct imports, not metrics/index.js: worker threads load this file, and the index pulls in the matrix products
// and, through them, the ONNX encoder and protobufjs.
import { meanRelativeParts } from '../metrics/rwc.js';
import { JsSweeps, SimdSweeps, type Sweeps } from '../metrics/sweeps.js';
import { CHANGE_TOLERANCES, type RwcMethod } from './types.js';
import type { Segment } from './chunks.js';

export interface SegmentSums {
  /** [t] sum|w_t|: non-finite exactly when w_t holds a NaN or Inf. NaN where the tensor is missing at t. */
  norm: Float64Array;
  /** [t], t >= 1: l1-ratio: sum|w_t - w_{t-1}|; mean-relative: sum over w_{t-1} != 0 of |w_t - w_{t-1}| / |w_{t-1}|. */
  change: Float64Array;
  /** [t], mean-relative only: elements that entered `change`. */
  terms: Float64Array;
  /** [t] sum|w_t - w_0| and sum (w_t - w_0)^2. */
  initL1: Float64Array;
  initL2sq: Float64Array;
  /** [pair] sum|w_to - w_from| and sum (w_to - w_from)^2 for the every-k pairs (NaN where a side is missing). */
  pairL1: Float64Array;
  pairL2sq: Float64Array;
  /** [tolerance] elements with |w_last - w_0| > tol (CHANGE_TOLERANCES order). */
  changed: Float64Array;
  /** w_0 . w_last, |w_0|^2, |w_last|^2. */
  cosine: Float64Array;
}

export interface SumOptions {
  checkpoints: number;
  rwc: RwcMethod;
  /** The every-k pairs as [from, to]. */
  pairs: readonly [number, number][];
  /**
   * The first checkpoint whose sums to compute (default 1: all of them). An incremental pass (pass-cache.ts) computes
   * only the checkpoints after those it has: it reads the first, the one before `from` and the start of an every-k
   * pair that ends at or after `from`, and leaves the sums of earlier checkpoints NaN.
   */
  from?: number;
}

/** The sweeps and their buffers, made once per thread: SIMD for float32 segments, JavaScript for float64 ones. */
export class SegmentKernels {
  private simd: SimdSweeps | null = null;
  private js: JsSweeps | null = null;

  for(double: boolean): Sweeps {
    return (double ? (this.js ??= new JsSweeps()) : this.float32()) as Sweeps;
  }

  /** The SIMD sweeps, whose buffers the float32 (and widened float16/bfloat16) segments are read into. */
  float32(): SimdSweeps {
    return (this.simd ??= new SimdSweeps());
  }
}

/** The checkpoints `sumSegment` reads (where the tensor is present): all of them, or for an incremental pass the few it needs. */
export function checkpointsRead(opts: SumOptions): number[] {
  const from = opts.from ?? 1;
  const read = new Set([0, from - 1]);
  const start = openPairStart(opts);
  if (start >= 0) read.add(start);
  for (let t = from; t < opts.checkpoints; t++) read.add(t);
  return [...read].sort((a, b) => a - b);
}

/** The start of the every-k pair that begins before `from` and ends at or after it (at most one: pairs do not overlap), or -1. */
function openPairStart(opts: SumOptions): number {
  const from = opts.from ?? 1;
  return opts.pairs.find(([a, b]) => a < from && b >= from)?.[0] ?? -1;
}

export function sumSegment(
  seg: Segment,
  opts: SumOptions,
  kernels: SegmentKernels,
  read: (t: number, into: FloatData) => FloatData,
): SegmentSums {
  const T = opts.checkpoints;
  const P = opts.pairs.length;
  const out: SegmentSums = {
    norm: new Float64Array(T).fill(NaN),
    change: new Float64Array(T).fill(NaN),
    terms: new Float64Array(T),
    initL1: new Float64Array(T).fill(NaN),
    initL2sq: new Float64Array(T).fill(NaN),
    pairL1: new Float64Array(P).fill(NaN),
    pairL2sq: new Float64Array(P).fill(NaN),
    changed: new Float64Array(CHANGE_TOLERANCES.length).fill(NaN),
    cosine: new Float64Array(3).fill(NaN),
  };
  const double = seg.entries[0]!.dataType === DataType.DOUBLE;
  const sweeps = kernels.for(double);
  let [initBuf, a, b, refBuf] = sweeps.buffers(4, seg.count);
  const init = read(0, initBuf!);
  out.norm[0] = sweeps.l1(init);
  out.initL1[0] = 0;
  out.initL2sq[0] = 0;
  const pairFrom = new Map(opts.pairs.map(([from, to], i) => [to, { from, i }]));
  const pairStarts = new Set(opts.pairs.map(([from]) => from));
  const from = opts.from ?? 1;
  let prev: FloatData | null = init;
  let ref: { t: number; data: FloatData } | null = pairStarts.has(0) ? { t: 0, data: init } : null;
  if (from > 1) {
    prev = seg.entries[from - 1] !== null ? read(from - 1, b!) : null;
    const start = openPairStart(opts);
    if (start > 0 && seg.entries[start] !== null) {
      if (start === from - 1) refBuf!.set(prev!);
      ref = { t: start, data: start === from - 1 ? refBuf! : read(start, refBuf!) };
    }
  }

  for (let t = from; t < T; t++) {
    if (seg.entries[t] === null) {
      prev = null;
      continue;
    }
    const cur = read(t, a!);
    if (prev && opts.rwc === 'l1-ratio') {
      const s = sweeps.step(init, prev, cur);
      out.change[t] = s.diff;
      out.norm[t] = s.curNorm;
      out.initL1[t] = s.initL1;
      out.initL2sq[t] = s.initL2sq;
    } else {
      if (prev) {
        const m = meanRelativeParts(prev, cur);
        out.change[t] = m.sum;
        out.terms[t] = m.count;
      }
      const d = sweeps.diff(init, cur);
      out.norm[t] = sweeps.l1(cur);
      out.initL1[t] = d.l1;
      out.initL2sq[t] = d.l2sq;
    }
    const pair = pairFrom.get(t);
    if (pair && ref && ref.t === pair.from) {
      const d = pair.from === 0 ? { l1: out.initL1[t], l2sq: out.initL2sq[t] } : sweeps.diff(ref.data, cur);
      out.pairL1[pair.i] = d.l1;
      out.pairL2sq[pair.i] = d.l2sq;
    }
    if (pairStarts.has(t)) {
      refBuf!.set(cur);
      ref = { t, data: refBuf! };
    }
    if (t === T - 1) {
      const f = sweeps.final(init, cur, CHANGE_TOLERANCES);
      out.changed.set(f.changed);
      out.cosine[0] = f.dot;
      out.cosine[1] = f.initSq;
      out.cosine[2] = f.lastSq;
    }
    prev = cur;
    [a, b] = [b, a];
  }
  return out;
}
