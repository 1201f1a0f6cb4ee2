/**
 * Non-negative matrix factorisation V ~ W H (Lee & Seung multiplicative updates, Frobenius error). A factorization
 * runs as one onnxruntime Loop (src/linalg/nmf-graph.ts): two products with V per round, in V's element type, the
 * error from products already formed and the stopping test inside the graph.
 */
import { nmfLoop, residualNorm, sourceShape, type NmfMatrix, type NmfSource } from '../linalg/nmf-step.js';
import { mulberry32 } from '../util/random.js';
import type { NmfOptions, NmfResult } from './types.js';

/**
 * Added to the update denominators against 0/0. Tiny on purpose: whenever a denominator is nonzero the update is
 * the exact Lee-Seung step, which keeps the guarantee that the error never increases.
 */
const EPS = 1e-300;

/**
 * Below this ratio of ||V - WH||^2 to ||V||^2 the expanded error has lost too many digits (the rounding of the
 * products, about 1e-16 in float64 and 1e-7 in float32, over the ratio) and it is computed directly from then on.
 * Real weight matrices never fit that well with 3 factors.
 */
const EXPANSION_FLOOR = { float64: 1e-2, float32: 1e-1 };

/**
 * Factorises the non-negative row-major rows x cols matrix `v` as W (rows x rank) times H (rank x cols).
 *
 * Initialisation: entries uniform in [0.01, 1.01) times sqrt(mean(V) / rank) from `mulberry32(seed)` (W first,
 * then H), so equal seeds give equal results. Then up to `iterations` rounds of Lee & Seung's multiplicative
 * updates (H first, then W), which never increase the Frobenius error. `errors[t]` is ||V - WH||_F after round t
 * (from ||V||^2 - 2 tr(W^T V H^T) + tr(W^T W H H^T), or directly when that has lost its precision).
 * Stops early when the error reaches 0 or, with `tolerance`, when one round lowers it by less than
 * tolerance * previous error. Throws on negative or non-finite entries or a wrong shape.
 *
 * The products with V run in its element type: a Float32Array V reads half the bytes per round and moves the
 * factors by about 1e-6 relative (README, "Weight banding"); factors, updates and errors are float64 either way.
 */
export async function nmf(v: NmfMatrix, rows: number, cols: number, rank: number, opts: NmfOptions): Promise<NmfResult> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new Error(`nmf: invalid shape ${rows} x ${cols}`);
  }
  if (v.length !== rows * cols) throw new Error(`nmf: expected ${rows * cols} values, got ${v.length}`);
  checkOptions(rank, opts);
  const stats = chunkedStats(v, false);
  if (stats.bad >= 0) throw new Error(`nmf: entries must be finite and non-negative (index ${stats.bad}: ${v[stats.bad]})`);
  return factorize({ kind: 'matrix', v, rows, cols }, stats.sum, stats.sumSquares, rank, opts);
}

/**
 * `nmf` of the sign split of `x` (laid out [groups][channels][positions]): V has one row per (group, position) and
 * the positive parts of the channels, then their negative parts, as columns (rows = groups * positions, cols =
 * 2 * channels). V is formed inside onnxruntime, never in JavaScript. Throws on non-finite entries.
 */
export async function nmfOfSigns(
  x: NmfMatrix,
  groups: number,
  channels: number,
  positions: number,
  rank: number,
  opts: NmfOptions,
): Promise<NmfResult> {
  for (const d of [groups, channels, positions]) {
    if (!Number.isInteger(d) || d < 1) throw new Error(`nmfOfSigns: invalid shape ${groups} x ${channels} x ${positions}`);
  }
  if (x.length !== groups * channels * positions) throw new Error(`nmfOfSigns: expected ${groups * channels * positions} values, got ${x.length}`);
  checkOptions(rank, opts);
  const stats = chunkedStats(x, true);
  if (stats.bad >= 0) throw new Error(`nmfOfSigns: entries must be finite (index ${stats.bad}: ${x[stats.bad]})`);
  return factorize({ kind: 'signs', x, groups, channels, positions }, stats.sum, stats.sumSquares, rank, opts);
}

/** Entries per call of statsOf: V8 optimizes a function called a few times sooner than one long loop. */
const CHUNK = 1 << 14;

/**
 * Sum of |entries| and of their squares, in index order, and the first entry that is not finite (or, without
 * `signed`, negative); bad = -1 when there is none.
 */
function chunkedStats(data: NmfMatrix, signed: boolean): { sum: number; sumSquares: number; bad: number } {
  const acc = { sum: 0, sumSquares: 0, bad: -1 };
  for (let from = 0; from < data.length && acc.bad < 0; from += CHUNK) statsOf(data, from, Math.min(data.length, from + CHUNK), signed, acc);
  return acc;
}

function statsOf(data: NmfMatrix, from: number, to: number, signed: boolean, acc: { sum: number; sumSquares: number; bad: number }): void {
  let sum = acc.sum;
  let sumSquares = acc.sumSquares;
  for (let k = from; k < to; k++) {
    const e = data[k];
    if (!(signed ? Math.abs(e) < Infinity : e >= 0 && e < Infinity)) {
      acc.bad = k;
      return;
    }
    sum += Math.abs(e);
    sumSquares += e * e;
  }
  acc.sum = sum;
  acc.sumSquares = sumSquares;
}

function checkOptions(rank: number, opts: NmfOptions): void {
  if (!Number.isInteger(rank) || rank < 1) throw new Error(`nmf: rank must be a positive integer, got ${rank}`);
  if (!Number.isInteger(opts.iterations) || opts.iterations < 0) {
    throw new Error(`nmf: iterations must be a non-negative integer, got ${opts.iterations}`);
  }
}

/** The seeded start, then the rounds; `sum` and `sumSquares` are those of V's entries. */
async function factorize(source: NmfSource, sum: number, sumSquares: number, rank: number, opts: NmfOptions): Promise<NmfResult> {
  const { rows, cols } = sourceShape(source);
  const mean = sum / (rows * cols);
  const scale = mean > 0 ? Math.sqrt(mean / rank) : 1;
  const random = mulberry32(opts.seed);
  let w: Float64Array = new Float64Array(rows * rank);
  let h: Float64Array = new Float64Array(rank * cols);
  for (let k = 0; k < w.length; k++) w[k] = scale * (0.01 + random());
  for (let k = 0; k < h.length; k++) h[k] = scale * (0.01 + random());

  const errors: number[] = [];
  const float32 = (source.kind === 'matrix' ? source.v : source.x) instanceof Float32Array;
  const floor = EXPANSION_FLOOR[float32 ? 'float32' : 'float64'] * sumSquares;
  const tolerance = opts.tolerance ?? -Infinity;
  let direct = false;
  while (errors.length < opts.iterations) {
    const run = await nmfLoop(source, w, h, rank, {
      rounds: opts.iterations - errors.length,
      vv: sumSquares,
      eps: EPS,
      tolerance,
      floor: direct ? -Infinity : floor,
      previous: errors.length > 0 ? errors[errors.length - 1] : Infinity,
      direct,
    });
    w = run.w;
    h = run.h;
    for (const squared of run.squared) errors.push(Math.sqrt(squared));
    const last = run.squared[run.squared.length - 1];
    if (direct || last > floor) break; // stopped by the tolerance, a zero error or the round limit
    // The expansion has lost its digits: this round's error is computed directly, and every later one.
    direct = true;
    const t = errors.length - 1;
    errors[t] = await residualNorm(source, w, h, rank);
    if (errors[t] === 0 || (t > 0 && errors[t - 1] - errors[t] < tolerance * errors[t - 1])) break;
  }
  return { w, h, errors };
}
