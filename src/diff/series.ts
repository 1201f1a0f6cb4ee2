/** Comparing two RWC series of equal length (the compared prefix): L1 gap and Pearson correlation. */
import { pearson } from '../metrics/index.js';

type Series = readonly (number | null)[];

function present(v: number | null): v is number {
  return v !== null && Number.isFinite(v);
}

/** The (a_t, b_t) pairs where both values are defined. */
function commonValues(a: Series, b: Series): { xs: number[]; ys: number[] } {
  if (a.length !== b.length) throw new Error(`series lengths differ (${a.length} vs ${b.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  a.forEach((x, t) => {
    const y = b[t];
    if (present(x) && present(y)) {
      xs.push(x);
      ys.push(y);
    }
  });
  return { xs, ys };
}

/** sum_t |a_t - b_t| over the transitions where both are defined; null when there is none. */
export function l1Gap(a: Series, b: Series): number | null {
  const { xs, ys } = commonValues(a, b);
  if (xs.length === 0) return null;
  let sum = 0;
  xs.forEach((x, i) => (sum += Math.abs(x - ys[i])));
  return sum;
}

function isConstant(xs: readonly number[]): boolean {
  return xs.every((x) => x === xs[0]);
}

/**
 * Pearson correlation of the common values; null where it is undefined: fewer than two common values, or a
 * constant series (zero variance).
 */
export function seriesCorrelation(a: Series, b: Series): number | null {
  const { xs, ys } = commonValues(a, b);
  if (xs.length < 2 || isConstant(xs) || isConstant(ys)) return null;
  return pearson(Float64Array.from(xs), Float64Array.from(ys));
}
