/**
 * Seeded random streams for the data pipeline: util/random's mulberry32 over a splitmix-style seed hash.
 * Deterministic across platforms: only 32-bit integer arithmetic. Independent streams come from (seed, stream) pairs, so e.g. epoch 3's shuffle does
 * not depend on how many numbers epochs 1 and 2 drew (needed for --resume to reproduce an uninterrupted run).
 */
import { mulberry32U32, normalSampler } from '../util/random.js';

export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Folds any finite number (negative, > 2^32, fractional) and an optional stream id into a 32-bit state. */
export function seedState(seed: number, stream = 0): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return mix32(mix32(lo ^ 0x9e3779b9) ^ mix32(hi + 0x632be5ab) ^ mix32(stream + 0x85ebca6b));
}

export function createRng(seed: number, stream = 0): Rng {
  const nextU32 = mulberry32U32(seedState(seed, stream));
  const uniform = (): number => nextU32() / 4294967296;
  return { nextU32, uniform, int: (n) => Math.floor(uniform() * n), normal: normalSampler(uniform) };
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace(a: Uint32Array | Int32Array | number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
