/**
 * The analysis pass's hot loop, fused, in JavaScript (float64 tensors; float32 ones run the same sums in
 * WebAssembly SIMD, wasm/sums.wat): for one tensor (or chunk of one) at the first (init), previous and current
 * checkpoint, sum|cur - prev| (the L1-ratio RWC numerator), sum|cur| (the next transition's denominator, and a
 * finiteness check: it is non-finite exactly when cur holds a NaN or Inf), and the L1 / squared-L2 distance from
 * init, in one sweep over the three arrays.
 *
 * Kernels in this folder use Math.abs rather than `x < 0 ? -x : x`: weights have random signs, the ternary becomes
 * an unpredictable branch, and the loop ran 9x slower with it.
 */
import { assertSameLength } from './check.js';
import type { FloatData } from './types.js';

export interface StepParts {
  /** sum|cur - prev| */
  diff: number;
  /** sum|cur| */
  curNorm: number;
  /** sum|cur - init| */
  initL1: number;
  /** sum (cur - init)^2 */
  initL2sq: number;
}

export function stepParts(init: FloatData, prev: FloatData, cur: FloatData): StepParts {
  assertSameLength(prev, cur, 'stepParts');
  assertSameLength(init, cur, 'stepParts');
  const n = cur.length;
  let diff = 0;
  let curNorm = 0;
  let initL1 = 0;
  let initL2sq = 0;
  for (let i = 0; i < n; i++) {
    const c = cur[i];
    const p = prev[i];
    const d = c - p;
    const e = c - init[i];
    diff += Math.abs(d);
    curNorm += Math.abs(c);
    initL1 += Math.abs(e);
    initL2sq += e * e;
  }
  return { diff, curNorm, initL1, initL2sq };
}

export interface FinalParts {
  /** [tolerance] elements with |last - init| > tol, in the order of `tols`. */
  changed: number[];
  /** init . last, |init|^2, |last|^2 (the cosine terms). */
  dot: number;
  initSq: number;
  lastSq: number;
}

/**
 * What the pass needs of the first and last checkpoint, in one sweep: change counts at each tolerance and the cosine
 * terms. NaN differences are never counted as changed. Up to five tolerances are counted without an inner loop.
 */
export function finalParts(init: FloatData, last: FloatData, tols: readonly number[]): FinalParts {
  assertSameLength(init, last, 'finalParts');
  if (tols.length > 5) throw new Error('finalParts: at most five tolerances');
  const t = [...tols, Infinity, Infinity, Infinity, Infinity, Infinity];
  const [t0, t1, t2, t3, t4] = t as [number, number, number, number, number];
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0;
  let dot = 0;
  let initSq = 0;
  let lastSq = 0;
  const n = init.length;
  for (let i = 0; i < n; i++) {
    const a = init[i];
    const b = last[i];
    const d = Math.abs(b - a);
    c0 += +(d > t0);
    c1 += +(d > t1);
    c2 += +(d > t2);
    c3 += +(d > t3);
    c4 += +(d > t4);
    dot += a * b;
    initSq += a * a;
    lastSq += b * b;
  }
  return { changed: [c0, c1, c2, c3, c4].slice(0, tols.length), dot, initSq, lastSq };
}
