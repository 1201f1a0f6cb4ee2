/** Norms, distances and cosine similarity of weight vectors, accumulated in float64. */
import { assertSameLength } from './check.js';
import type { FloatData, NormPair } from './types.js';

/** L1 norm and squared L2 norm of b - a. */
export function diffNorms(a: FloatData, b: FloatData): NormPair {
  assertSameLength(a, b, 'diffNorms');
  const n = a.length;
  let l1 = 0;
  let l2sq = 0;
  for (let i = 0; i < n; i++) {
    const d = b[i] - a[i];
    l1 += Math.abs(d);
    l2sq += d * d;
  }
  return { l1, l2sq };
}

/** L1 norm and squared L2 norm of a. */
export function norms(a: FloatData): NormPair {
  const n = a.length;
  let l1 = 0;
  let l2sq = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    l1 += Math.abs(v);
    l2sq += v * v;
  }
  return { l1, l2sq };
}

/** Dot product. */
export function dot(a: FloatData, b: FloatData): number {
  assertSameLength(a, b, 'dot');
  const n = a.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** a.b / (|a| |b|), clamped to [-1, 1]; null when either vector is all zeros. One pass over both arrays. */
export function cosineSimilarity(a: FloatData, b: FloatData): number | null {
  assertSameLength(a, b, 'cosineSimilarity');
  const n = a.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return cosineFromSums(ab, aa, bb);
}

/**
 * Cosine from a.b, |a|^2 and |b|^2 accumulated elsewhere (e.g. over a layer's tensors in chunks), clamped to [-1, 1];
 * null when either vector is all zeros or a sum is not finite.
 */
export function cosineFromSums(ab: number, aa: number, bb: number): number | null {
  if (aa === 0 || bb === 0 || !Number.isFinite(ab + aa + bb)) return null;
  // sqrt of the product rounds once (exact for e.g. 5 * 20); fall back to the product of roots on under/overflow.
  const prod = aa * bb;
  const denom = prod > 0 && prod < Infinity ? Math.sqrt(prod) : Math.sqrt(aa) * Math.sqrt(bb);
  const c = ab / denom;
  return c > 1 ? 1 : c < -1 ? -1 : c;
}
