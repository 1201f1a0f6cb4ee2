/** Tiny seeded pseudo-random number generator, shared by every stage that needs reproducible randomness. */

/**
 * mulberry32: a 32-bit state generator returning floats uniform in [0, 1). The same seed always gives the same
 * sequence. The seed is reduced to an unsigned 32-bit integer (fractional parts and higher bits are dropped).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` unsigned 32-bit seeds derived from `seed` (for restarts of a seeded algorithm). */
export function deriveSeeds(seed: number, count: number): number[] {
  const next = mulberry32(seed);
  const seeds: number[] = [];
  for (let i = 0; i < count; i++) seeds.push(Math.floor(next() * 4294967296));
  return seeds;
}
