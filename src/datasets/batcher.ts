/**
 * Mini-batches without per-batch allocation: one Float32Array for the images and one BigInt64Array for the labels
 * (the training model's int64 `labels` input) are allocated once; each batch is copied into them.
 *
 * Order: with `shuffle`, epoch e visits the samples in a permutation drawn from a generator seeded by (seed, e) only,
 * so any epoch's order is reproducible on its own (what --resume relies on). Every sample is visited exactly once
 * per epoch. The last partial batch is kept by default (like PyTorch's DataLoader, drop_last=False): `fill` returns
 * its smaller size and `imagesView`/`labelsView` give subarray views of that length (views share the buffers).
 * With `dropLast` it is skipped, and `batches` counts only full batches.
 */
import { createRng, shuffleInPlace } from './rng.js';
import type { Split } from './types.js';
import { elementCount } from '../util/element-count.js';

export interface BatcherOptions {
  batchSize: number;
  shuffle: boolean;
  seed?: number;
  dropLast?: boolean;
}

/** Stream ids of the shuffle generator start here so they never coincide with the data generators' streams. */
const SHUFFLE_STREAM = 1_000_000;

export class Batcher {
  readonly images: Float32Array;
  readonly labels: BigInt64Array;
  readonly batchSize: number;
  /** Batches per epoch. */
  readonly batches: number;
  private readonly order: Uint32Array;
  private readonly sampleSize: number;

  constructor(
    private readonly split: Split,
    shape: readonly number[],
    private readonly opts: BatcherOptions,
  ) {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new Error(`batch size must be a positive integer, got ${opts.batchSize}`);
    this.sampleSize = elementCount(shape);
    if (split.images.length !== split.count * this.sampleSize) {
      throw new Error(`split has ${split.images.length} values for ${split.count} samples of ${this.sampleSize}`);
    }
    this.batchSize = opts.batchSize;
    this.images = new Float32Array(opts.batchSize * this.sampleSize);
    this.labels = new BigInt64Array(opts.batchSize);
    this.order = new Uint32Array(split.count);
    this.batches = opts.dropLast ? Math.floor(split.count / opts.batchSize) : Math.ceil(split.count / opts.batchSize);
    this.startEpoch(0);
  }

  /** Sets the visiting order for epoch `epoch` (identity when not shuffling). */
  startEpoch(epoch: number): void {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    if (this.opts.shuffle) shuffleInPlace(this.order, createRng(this.opts.seed ?? 0, SHUFFLE_STREAM + epoch));
  }

  /** Copies batch `index` of the current epoch into the buffers; returns its size. */
  fill(index: number): number {
    if (index < 0 || index >= this.batches) throw new Error(`batch ${index} out of range 0..${this.batches - 1}`);
    const start = index * this.batchSize;
    const size = Math.min(this.batchSize, this.split.count - start);
    const n = this.sampleSize;
    for (let b = 0; b < size; b++) {
      const s = this.order[start + b]!;
      this.images.set(this.split.images.subarray(s * n, (s + 1) * n), b * n);
      this.labels[b] = BigInt(this.split.labels[s]!);
    }
    return size;
  }

  /** The filled part of the image buffer for a batch of `size` (the whole buffer for a full batch). */
  imagesView(size: number): Float32Array {
    return size === this.batchSize ? this.images : this.images.subarray(0, size * this.sampleSize);
  }

  labelsView(size: number): BigInt64Array {
    return size === this.batchSize ? this.labels : this.labels.subarray(0, size);
  }

  /** Sample indices of the current epoch's order (read-only view, for tests and diagnostics). */
  epochOrder(): Readonly<Uint32Array> {
    return this.order;
  }
}
