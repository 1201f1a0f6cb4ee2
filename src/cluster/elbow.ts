/** Choice of k from a scree curve (inertia for k = 1..K). */

/** Distances closer than this (in the normalised [0,1] x [0,1] plot) count as ties, resolved to the smaller k. */
const TIE_TOLERANCE = 1e-12;

/**
 * Elbow of a scree curve by the largest distance below the chord.
 *
 * k is normalised to [0, 1] ((k - 1) / (K - 1)) and inertia to [0, 1] ((I - min) / (max - min)); the chord joins
 * the first and the last point. The chosen k (1-based) is the one whose point lies farthest below the chord (on
 * the side of the origin, where the bend of a decreasing convex curve lies), measured perpendicular to the chord.
 * Points on or above the chord score 0 at most, so a straight or concave curve gives k = 1. Ties (within 1e-12)
 * go to the smaller k. Curves of length 1 or 2, and flat curves (max == min), give 1: there is no bend to find.
 */
export function elbowK(inertia: readonly number[]): number {
  const n = inertia.length;
  for (const v of inertia) if (!Number.isFinite(v)) throw new Error(`elbowK: non-finite inertia ${v}`);
  if (n <= 2) return 1;
  let min = Infinity;
  let max = -Infinity;
  for (const v of inertia) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const range = max - min;
  if (!(range > 0)) return 1;
  const y0 = (inertia[0] - min) / range;
  const y1 = (inertia[n - 1] - min) / range;
  // Chord from (0, y0) to (1, y1); direction (1, dy). A point (x, y) lies below it by (y0 + dy x - y).
  const dy = y1 - y0;
  const length = Math.sqrt(1 + dy * dy);
  let bestK = 1;
  let bestDistance = 0;
  for (let i = 0; i < n; i++) {
    const x = i / (n - 1);
    const y = (inertia[i] - min) / range;
    const below = (y0 + dy * x - y) / length;
    if (below > bestDistance + TIE_TOLERANCE) {
      bestDistance = below;
      bestK = i + 1;
    }
  }
  return bestK;
}
