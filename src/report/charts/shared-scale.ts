/** A y-axis range shared by several charts, so their panels can be compared by eye. Pure functions. */
import { positiveRange, shouldUseLogScale } from '../scales.js';

export interface SharedScale {
  log: boolean;
  min: number;
  max: number;
}

/** Smallest of 1, 2, 2.5, 5 x 10^k that is >= x (x > 0). */
export function niceCeil(x: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= x * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/**
 * Log scale (decade bounds around the positive values) when the positive values span more than the report's
 * log threshold; else linear from min(0, smallest) to a round number above the largest. [0, 1] without data.
 */
export function sharedScale(values: readonly (number | null)[]): SharedScale {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (shouldUseLogScale(finite)) {
    const range = positiveRange(finite)!;
    return {
      log: true,
      min: Math.pow(10, Math.floor(Math.log10(range.min))),
      max: Math.pow(10, Math.ceil(Math.log10(range.max))),
    };
  }
  if (finite.length === 0) return { log: false, min: 0, max: 1 };
  const lo = Math.min(0, ...finite);
  const hi = Math.max(...finite);
  const max = hi > 0 ? niceCeil(hi) : 1;
  const min = lo < 0 ? -niceCeil(-lo) : 0;
  return { log: false, min, max };
}
