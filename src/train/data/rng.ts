/**
 * Small seeded random number generator (mulberry32 over a splitmix-style seed hash). Deterministic across platforms:
 * only 32-bit integer arithmetic. Independent streams come from (seed, stream) pairs, so e.g. epoch 3's shuffle does
 * not depend on how many numbers epochs 1 and 2 drew (needed for --resume to reproduce an uninterrupted run).
 */
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
  let state = seedState(seed, stream);
  let spareNormal: number | undefined;
  const nextU32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = (): number => nextU32() / 4294967296;
  return {
    nextU32,
    uniform,
    int: (n) => Math.floor(uniform() * n),
    normal: () => {
      if (spareNormal !== undefined) {
        const v = spareNormal;
        spareNormal = undefined;
        return v;
      }
      const u1 = 1 - uniform();
      const u2 = uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      spareNormal = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
  };
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
