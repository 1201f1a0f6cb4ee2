/**
 * Relative weight change (RWC) between two checkpoints of one layer.
 *
 * Two definitions are offered (docs/design.md section 5):
 * - `l1-ratio` (paper eq. 1, the default): sum|w_t - w_{t-1}| / sum|w_{t-1}| over all of the layer's tensors.
 *   Compute `l1DiffAndNorm` per tensor and combine with `rwcFromParts`.
 * - `mean-relative` (the authors' released PyTorch code): mean over elements of |w_t - w_{t-1}| / |w_{t-1}|.
 *   Compute `meanRelativeParts` per tensor and combine with `meanRelativeFromParts`.
 * All sums are accumulated in float64 whatever the input dtype.
 */
import { assertSameLength } from './check.js';
import type { FloatData, L1Parts, MeanRelativeParts } from './types.js';

/** sum|cur - prev| and sum|prev| in one pass. */
export function l1DiffAndNorm(prev: FloatData, cur: FloatData): L1Parts {
  assertSameLength(prev, cur, 'l1DiffAndNorm');
  const n = prev.length;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const p = prev[i];
    const d = cur[i] - p;
    diff += Math.abs(d);
    norm += Math.abs(p);
  }
  return { diff, norm };
}

/** L1-ratio RWC of a layer from its tensors' parts; null when the previous weights are all zero. */
export function rwcFromParts(parts: readonly L1Parts[]): number | null {
  let diff = 0;
  let norm = 0;
  for (const p of parts) {
    diff += p.diff;
    norm += p.norm;
  }
  return norm === 0 ? null : diff / norm;
}

/**
 * Parts of the mean-relative change: sum of |cur - prev| / |prev| and the number of terms.
 *
 * Elements with prev == 0 are skipped and counted in `skipped`. In the authors' PyTorch code such an element gives
 * inf (or NaN for 0/0), and their notebooks replace the resulting inf by the layer mean; replacing the non-finite
 * terms by the mean of the finite ones leaves that mean unchanged, so averaging over the finite terms only is the
 * same number.
 */
export function meanRelativeParts(prev: FloatData, cur: FloatData): MeanRelativeParts {
  assertSameLength(prev, cur, 'meanRelativeParts');
  const n = prev.length;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const p = prev[i];
    if (p === 0) continue;
    const d = cur[i] - p;
    sum += Math.abs(d) / Math.abs(p);
    count++;
  }
  return { sum, count, skipped: n - count };
}

/** Mean-relative change of a layer from its tensors' parts; null when no element had a nonzero previous value. */
export function meanRelativeFromParts(parts: readonly MeanRelativeParts[]): number | null {
  let sum = 0;
  let count = 0;
  for (const p of parts) {
    sum += p.sum;
    count += p.count;
  }
  return count === 0 ? null : sum / count;
}
