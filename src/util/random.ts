/**
 * The one seeded pseudo-random source of weightscale (clustering, NMF, weight initialization, data shuffles, test
 * data). mulberry32: a 32-bit state generator; the same seed always gives the same sequence, on every platform
 * (only 32-bit integer arithmetic). Normals by Box-Muller over any uniform source.
 */

/** mulberry32 as unsigned 32-bit integers. The seed is reduced to an unsigned 32-bit integer. */
export function mulberry32U32(seed: number): () => number {
  let state = seed >>> 0;
  return function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * mulberry32 as floats uniform in [0, 1). The seed is reduced to an unsigned 32-bit integer (fractional parts and
 * higher bits are dropped).
 */
export function mulberry32(seed: number): () => number {
  const next = mulberry32U32(seed);
  return () => next() / 4294967296;
}

/** `count` unsigned 32-bit seeds derived from `seed` (for restarts of a seeded algorithm). */
export function deriveSeeds(seed: number, count: number): number[] {
  const next = mulberry32(seed);
  const seeds: number[] = [];
  for (let i = 0; i < count; i++) seeds.push(Math.floor(next() * 4294967296));
  return seeds;
}

/** A standard normal sampler over a uniform [0, 1) source (Box-Muller, both values of each pair used). */
export function normalSampler(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u1 = 1 - uniform(); // in (0, 1]: log is finite
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}
