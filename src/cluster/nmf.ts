/** Non-negative matrix factorisation V ~ W H (Lee & Seung multiplicative updates, Frobenius error). */
import { mulberry32 } from '../util/random.js';
import type { NmfOptions, NmfResult } from './types.js';

/**
 * Added to the update denominators against 0/0. Tiny on purpose: whenever a denominator is nonzero the update is
 * the exact Lee-Seung step, which keeps the guarantee that the error never increases.
 */
const EPS = 1e-300;

/** ||V - W H||_F, computed directly (no expansion of the square, which loses precision near a perfect fit). */
function frobeniusError(v: Float64Array, w: Float64Array, h: Float64Array, rows: number, cols: number, rank: number) {
  let ss = 0;
  for (let i = 0; i < rows; i++) {
    const vBase = i * cols;
    const wBase = i * rank;
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let r = 0; r < rank; r++) s += w[wBase + r] * h[r * cols + j];
      const d = v[vBase + j] - s;
      ss += d * d;
    }
  }
  return Math.sqrt(ss);
}

/** H <- H * (W^T V) / (W^T W H). */
function updateH(v: Float64Array, w: Float64Array, h: Float64Array, rows: number, cols: number, rank: number) {
  const wtv = new Float64Array(rank * cols);
  const wtw = new Float64Array(rank * rank);
  for (let i = 0; i < rows; i++) {
    const vBase = i * cols;
    const wBase = i * rank;
    for (let r = 0; r < rank; r++) {
      const wr = w[wBase + r];
      if (wr !== 0) {
        const out = r * cols;
        for (let j = 0; j < cols; j++) wtv[out + j] += wr * v[vBase + j];
      }
      for (let s = 0; s < rank; s++) wtw[r * rank + s] += wr * w[wBase + s];
    }
  }
  const column = new Float64Array(rank);
  for (let j = 0; j < cols; j++) {
    for (let s = 0; s < rank; s++) column[s] = h[s * cols + j];
    for (let r = 0; r < rank; r++) {
      let den = 0;
      for (let s = 0; s < rank; s++) den += wtw[r * rank + s] * column[s];
      h[r * cols + j] = (column[r] * wtv[r * cols + j]) / (den + EPS);
    }
  }
}

/** W <- W * (V H^T) / (W H H^T). */
function updateW(v: Float64Array, w: Float64Array, h: Float64Array, rows: number, cols: number, rank: number) {
  const hht = new Float64Array(rank * rank);
  for (let r = 0; r < rank; r++) {
    for (let s = 0; s < rank; s++) {
      let acc = 0;
      for (let j = 0; j < cols; j++) acc += h[r * cols + j] * h[s * cols + j];
      hht[r * rank + s] = acc;
    }
  }
  const vht = new Float64Array(rank);
  const row = new Float64Array(rank);
  for (let i = 0; i < rows; i++) {
    const vBase = i * cols;
    const wBase = i * rank;
    for (let r = 0; r < rank; r++) {
      const hBase = r * cols;
      let acc = 0;
      for (let j = 0; j < cols; j++) acc += v[vBase + j] * h[hBase + j];
      vht[r] = acc;
      row[r] = w[wBase + r];
    }
    for (let r = 0; r < rank; r++) {
      let den = 0;
      for (let s = 0; s < rank; s++) den += row[s] * hht[s * rank + r];
      w[wBase + r] = (row[r] * vht[r]) / (den + EPS);
    }
  }
}

/**
 * Factorises the non-negative row-major rows x cols matrix `v` as W (rows x rank) times H (rank x cols).
 *
 * Initialisation: entries uniform in [0.01, 1.01) times sqrt(mean(V) / rank) from `mulberry32(seed)` (W first,
 * then H), so equal seeds give equal results. Then up to `iterations` rounds of Lee & Seung's multiplicative
 * updates (H first, then W), which never increase the Frobenius error. `errors[t]` is ||V - WH||_F after round t.
 * Stops early when the error reaches 0 or, with `tolerance`, when one round lowers it by less than
 * tolerance * previous error. Throws on negative or non-finite entries or a wrong shape.
 */
export function nmf(v: Float64Array, rows: number, cols: number, rank: number, opts: NmfOptions): NmfResult {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new Error(`nmf: invalid shape ${rows} x ${cols}`);
  }
  if (v.length !== rows * cols) throw new Error(`nmf: expected ${rows * cols} values, got ${v.length}`);
  if (!Number.isInteger(rank) || rank < 1) throw new Error(`nmf: rank must be a positive integer, got ${rank}`);
  if (!Number.isInteger(opts.iterations) || opts.iterations < 0) {
    throw new Error(`nmf: iterations must be a non-negative integer, got ${opts.iterations}`);
  }
  let sum = 0;
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    if (!(x >= 0) || x === Infinity) throw new Error(`nmf: entries must be finite and non-negative (index ${k}: ${x})`);
    sum += x;
  }
  const mean = sum / v.length;
  const scale = mean > 0 ? Math.sqrt(mean / rank) : 1;
  const random = mulberry32(opts.seed);
  const w = new Float64Array(rows * rank);
  const h = new Float64Array(rank * cols);
  for (let k = 0; k < w.length; k++) w[k] = scale * (0.01 + random());
  for (let k = 0; k < h.length; k++) h[k] = scale * (0.01 + random());

  const errors: number[] = [];
  for (let t = 0; t < opts.iterations; t++) {
    updateH(v, w, h, rows, cols, rank);
    updateW(v, w, h, rows, cols, rank);
    const error = frobeniusError(v, w, h, rows, cols, rank);
    errors.push(error);
    if (error === 0) break;
    if (opts.tolerance !== undefined && t > 0) {
      const previous = errors[t - 1];
      if (previous - error < opts.tolerance * previous) break;
    }
  }
  return { w, h, errors };
}
