/**
 * Non-negative matrix factorisation V ~ W H (Lee & Seung multiplicative updates, Frobenius error). Each round runs
 * as one onnxruntime graph (src/linalg/nmf-step.ts): two float64 products with V per round, the error from products
 * already formed.
 */
import { nmfRounds, residualNorm } from '../linalg/nmf-step.js';
import { mulberry32 } from '../util/random.js';
import type { NmfOptions, NmfResult } from './types.js';

/**
 * Added to the update denominators against 0/0. Tiny on purpose: whenever a denominator is nonzero the update is
 * the exact Lee-Seung step, which keeps the guarantee that the error never increases.
 */
const EPS = 1e-300;

/**
 * Below this ratio of ||V - WH||^2 to ||V||^2 the expanded error has lost too many digits (about 1e-16 times the
 * inverse ratio) and it is recomputed directly. Real weight matrices never fit that well with 3 factors.
 */
const EXPANSION_FLOOR = 1e-2;

/** Rounds per onnxruntime call; a stop in the middle of a batch keeps the factors of the round where it stopped. */
const ROUNDS_PER_CALL = 10;

/**
 * Factorises the non-negative row-major rows x cols matrix `v` as W (rows x rank) times H (rank x cols).
 *
 * Initialisation: entries uniform in [0.01, 1.01) times sqrt(mean(V) / rank) from `mulberry32(seed)` (W first,
 * then H), so equal seeds give equal results. Then up to `iterations` rounds of Lee & Seung's multiplicative
 * updates (H first, then W), which never increase the Frobenius error. `errors[t]` is ||V - WH||_F after round t
 * (from ||V||^2 - 2 tr(W^T V H^T) + tr(W^T W H H^T), or directly when that has lost its precision).
 * Stops early when the error reaches 0 or, with `tolerance`, when one round lowers it by less than
 * tolerance * previous error. Throws on negative or non-finite entries or a wrong shape.
 */
export async function nmf(
  v: Float64Array,
  rows: number,
  cols: number,
  rank: number,
  opts: NmfOptions,
): Promise<NmfResult> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new Error(`nmf: invalid shape ${rows} x ${cols}`);
  }
  if (v.length !== rows * cols) throw new Error(`nmf: expected ${rows * cols} values, got ${v.length}`);
  if (!Number.isInteger(rank) || rank < 1) throw new Error(`nmf: rank must be a positive integer, got ${rank}`);
  if (!Number.isInteger(opts.iterations) || opts.iterations < 0) {
    throw new Error(`nmf: iterations must be a non-negative integer, got ${opts.iterations}`);
  }
  let sum = 0;
  let sumSquares = 0;
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    if (!(x >= 0) || x === Infinity) throw new Error(`nmf: entries must be finite and non-negative (index ${k}: ${x})`);
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / v.length;
  const scale = mean > 0 ? Math.sqrt(mean / rank) : 1;
  const random = mulberry32(opts.seed);
  let w: Float64Array = new Float64Array(rows * rank);
  let h: Float64Array = new Float64Array(rank * cols);
  for (let k = 0; k < w.length; k++) w[k] = scale * (0.01 + random());
  for (let k = 0; k < h.length; k++) h[k] = scale * (0.01 + random());

  const errors: number[] = [];
  // Once the fit is that close, later batches compute every residual directly (it only gets closer).
  let direct = false;
  while (errors.length < opts.iterations) {
    const count = Math.min(ROUNDS_PER_CALL, opts.iterations - errors.length);
    const batch = await nmfRounds(v, w, h, rows, cols, rank, EPS, count, direct);
    for (let r = 0; r < batch.w.length; r++) {
      w = batch.w[r];
      h = batch.h[r];
      const squared = batch.residual?.[r] ?? sumSquares - 2 * batch.cross[r] + batch.quadratic[r];
      const precise = batch.residual !== undefined || squared > EXPANSION_FLOOR * sumSquares;
      if (!precise) direct = true;
      const error = precise ? Math.sqrt(squared) : await residualNorm(v, w, h, rows, cols, rank);
      errors.push(error);
      if (error === 0) return { w, h, errors };
      const t = errors.length - 1;
      if (opts.tolerance !== undefined && t > 0) {
        const previous = errors[t - 1];
        if (previous - error < opts.tolerance * previous) return { w, h, errors };
      }
    }
  }
  return { w, h, errors };
}
