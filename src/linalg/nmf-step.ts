/**
 * Runs the NMF graphs of src/linalg/nmf-graph.ts: a run of multiplicative-update rounds in one onnxruntime call, and
 * the direct residual. Sessions are cached per kind of source, element type and mode (src/linalg/matmul.ts).
 */
import { cachedSession, runSession, scalarTensor, tensorOf, type LinalgFeeds } from './matmul.js';
import { nmfLoopModel, residualModel } from './nmf-graph.js';
import { transposed } from './transpose.js';

export type NmfMatrix = Float32Array | Float64Array;

/**
 * V, given whole (rows x cols, row-major), or as the sign split of `x` laid out [groups][channels][positions]:
 * V's row (g, p) is [max(x[g][c][p], 0) for each c, then max(-x[g][c][p], 0) for each c] (weight banding's matrix:
 * rows = groups * positions, cols = 2 * channels).
 */
export type NmfSource =
  | { kind: 'matrix'; v: NmfMatrix; rows: number; cols: number }
  | { kind: 'signs'; x: NmfMatrix; groups: number; channels: number; positions: number };

export function sourceShape(s: NmfSource): { rows: number; cols: number } {
  return s.kind === 'matrix' ? { rows: s.rows, cols: s.cols } : { rows: s.groups * s.positions, cols: 2 * s.channels };
}

function sourceData(s: NmfSource): NmfMatrix {
  return s.kind === 'matrix' ? s.v : s.x;
}

function sourceFeeds(s: NmfSource): LinalgFeeds {
  return s.kind === 'matrix'
    ? { V: tensorOf(s.v, [s.rows, s.cols]) }
    : { X3: tensorOf(s.x, [s.groups, s.channels, s.positions]) };
}

export interface NmfLoopOptions {
  /** Most rounds to run (at least 1). */
  rounds: number;
  /** ||V||^2. */
  vv: number;
  /** Added to the update denominators. */
  eps: number;
  /** Stop after a round that lowers the error by less than tolerance * previous error; -Infinity: never. */
  tolerance: number;
  /** Stop after a round whose (expanded) squared error is at most this; -Infinity: never. */
  floor: number;
  /** The error before the first round (+Infinity at the start of a factorization). */
  previous: number;
  /** Compute each round's squared error directly instead of by the expansion. */
  direct: boolean;
}

export interface NmfLoopResult {
  /** W (rows x rank) and H (rank x cols) after the last round run. */
  w: Float64Array;
  h: Float64Array;
  /** Per round run: sum(W' * (V H'^T)), ||W'H'||^2 and the squared error the round was judged by. */
  cross: Float64Array;
  quadratic: Float64Array;
  squared: Float64Array;
}

/**
 * Rounds from (W, H) until a stopping rule of `opts` holds after a round, or `opts.rounds` have run, in one
 * onnxruntime call. W is rows x rank and H rank x cols, row-major float64; products run in the source's element type.
 */
export async function nmfLoop(source: NmfSource, w: Float64Array, h: Float64Array, rank: number, opts: NmfLoopOptions): Promise<NmfLoopResult> {
  const { rows, cols } = sourceShape(source);
  if (w.length !== rows * rank || h.length !== rank * cols) throw new Error(`nmfLoop: factors must be ${rows} x ${rank} and ${rank} x ${cols}`);
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) throw new Error(`nmfLoop: rounds must be a positive integer, got ${opts.rounds}`);
  const float32 = sourceData(source) instanceof Float32Array;
  const key = `nmfLoop:${source.kind}:${float32 ? 'float32' : 'float64'}:${opts.direct}:${opts.eps}`;
  const session = await cachedSession(key, () => nmfLoopModel({ kind: source.kind, float32, direct: opts.direct, eps: opts.eps }));
  const out = await runSession(session, {
    ...sourceFeeds(source),
    W0: tensorOf(w, [rows, rank]),
    Ht0: tensorOf(transposed(h, rank, cols), [cols, rank]),
    vv: scalarTensor(opts.vv),
    previous0: scalarTensor(opts.previous),
    rounds: scalarTensor(BigInt(opts.rounds)),
    tolerance: scalarTensor(opts.tolerance),
    floor: scalarTensor(opts.floor),
  });
  const value = (name: string) => out[name]!.data as Float64Array;
  return {
    w: value('W'),
    h: transposed(value('Ht'), cols, rank),
    cross: value('cross'),
    quadratic: value('quadratic'),
    squared: value('squared'),
  };
}

/** ||V - W H||_F computed directly in float64 (one more pass over V), for when the expansion has lost its digits. */
export async function residualNorm(source: NmfSource, w: Float64Array, h: Float64Array, rank: number): Promise<number> {
  const { rows, cols } = sourceShape(source);
  const float32 = sourceData(source) instanceof Float32Array;
  const session = await cachedSession(`nmfResidual:${source.kind}:${float32 ? 'float32' : 'float64'}`, () => residualModel(source.kind, float32));
  const out = await runSession(session, { ...sourceFeeds(source), W: tensorOf(w, [rows, rank]), H: tensorOf(h, [rank, cols]) });
  return Math.sqrt((out.ss!.data as Float64Array)[0]!);
}
