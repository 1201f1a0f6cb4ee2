/**
 * Plain-JavaScript references for the onnxruntime-backed linear algebra (the implementations weightscale used before
 * issue #11, kept only to test against): a triple-loop product, Pearson correlation of rows, and Lee & Seung's
 * multiplicative updates with the error computed directly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../onnx/helpers.js';

export function linalgFixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, 'fixtures', 'linalg', name), 'utf8')) as T;
}

/** A (m x k) times B^T (B is n x k), row-major, float64 accumulation. */
export function referenceMatmulTransB(a: ArrayLike<number>, m: number, b: ArrayLike<number>, n: number, k: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += a[i * k + c] * b[j * k + c];
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Pearson r of every pair of rows, two passes per pair (means, then sums of products); constant rows give 0. */
export function referenceRowCorrelation(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * rows);
  const row = (i: number) => Array.from({ length: cols }, (_, c) => x[i * cols + c]);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < rows; j++) {
      if (i === j) {
        out[i * rows + j] = 1;
        continue;
      }
      const a = row(i);
      const b = row(j);
      const ma = a.reduce((s, v) => s + v, 0) / cols;
      const mb = b.reduce((s, v) => s + v, 0) / cols;
      let num = 0;
      let va = 0;
      let vb = 0;
      for (let c = 0; c < cols; c++) {
        num += (a[c] - ma) * (b[c] - mb);
        va += (a[c] - ma) ** 2;
        vb += (b[c] - mb) ** 2;
      }
      out[i * rows + j] = va > 0 && vb > 0 ? num / Math.sqrt(va * vb) : 0;
    }
  }
  return out;
}

/** `rounds` multiplicative updates (H then W, denominators + 1e-300) from W0, H0; the errors ||V - WH|| directly. */
export function referenceNmf(
  v: Float64Array,
  w0: Float64Array,
  h0: Float64Array,
  rows: number,
  cols: number,
  rank: number,
  rounds: number,
): { w: Float64Array; h: Float64Array; errors: number[] } {
  const w = Float64Array.from(w0);
  const h = Float64Array.from(h0);
  const errors: number[] = [];
  for (let t = 0; t < rounds; t++) {
    const wtv = new Float64Array(rank * cols);
    const wtw = new Float64Array(rank * rank);
    for (let i = 0; i < rows; i++) {
      for (let r = 0; r < rank; r++) {
        for (let j = 0; j < cols; j++) wtv[r * cols + j] += w[i * rank + r] * v[i * cols + j];
        for (let s = 0; s < rank; s++) wtw[r * rank + s] += w[i * rank + r] * w[i * rank + s];
      }
    }
    const hOld = Float64Array.from(h);
    for (let r = 0; r < rank; r++) {
      for (let j = 0; j < cols; j++) {
        let den = 0;
        for (let s = 0; s < rank; s++) den += wtw[r * rank + s] * hOld[s * cols + j];
        h[r * cols + j] = (hOld[r * cols + j] * wtv[r * cols + j]) / (den + 1e-300);
      }
    }
    const hht = new Float64Array(rank * rank);
    for (let r = 0; r < rank; r++) for (let s = 0; s < rank; s++) for (let j = 0; j < cols; j++) hht[r * rank + s] += h[r * cols + j] * h[s * cols + j];
    const wOld = Float64Array.from(w);
    for (let i = 0; i < rows; i++) {
      for (let r = 0; r < rank; r++) {
        let vht = 0;
        for (let j = 0; j < cols; j++) vht += v[i * cols + j] * h[r * cols + j];
        let den = 0;
        for (let s = 0; s < rank; s++) den += wOld[i * rank + s] * hht[s * rank + r];
        w[i * rank + r] = (wOld[i * rank + r] * vht) / (den + 1e-300);
      }
    }
    let ss = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let p = 0;
        for (let r = 0; r < rank; r++) p += w[i * rank + r] * h[r * cols + j];
        ss += (v[i * cols + j] - p) ** 2;
      }
    }
    errors.push(Math.sqrt(ss));
  }
  return { w, h, errors };
}

/** Largest |a - b| relative to the largest |b| (1 when b is all zeros). */
export function maxRelativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k]));
  }
  return diff / (scale || 1);
}
