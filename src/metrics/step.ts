/**
 * The analysis pass's hot loop, fused: for one tensor (or chunk of one) at the first (init), previous and current
 * checkpoint, sum|cur - prev| (the L1-ratio RWC numerator), sum|cur| (the next transition's denominator, and a
 * finiteness check: it is non-finite exactly when cur holds a NaN or Inf), and the L1 / squared-L2 distance from
 * init, in one sweep over the three arrays (memory traffic, not arithmetic, bounds this loop).
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
