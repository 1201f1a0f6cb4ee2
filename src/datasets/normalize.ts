/**
 * Pixel normalisation. Every dataset maps a raw byte x to ((x / 255) - mean[c]) / std[c] per channel c, with the
 * literature's statistics of the training split where they are well known (the values torchvision examples use):
 *   MNIST          mean 0.1307, std 0.3081
 *   Fashion-MNIST  mean 0.2860, std 0.3530
 *   CIFAR-10       mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616)
 *   CIFAR-100      mean (0.5071, 0.4865, 0.4409), std (0.2673, 0.2564, 0.2762)
 * and, for IDX directories of unknown origin, statistics computed from their whole training file.
 */
export interface ChannelStats {
  mean: number[];
  std: number[];
}

export const MNIST_STATS: ChannelStats = { mean: [0.1307], std: [0.3081] };
export const FASHION_MNIST_STATS: ChannelStats = { mean: [0.286], std: [0.353] };
export const CIFAR10_STATS: ChannelStats = { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] };
export const CIFAR100_STATS: ChannelStats = { mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762] };

/** Human-readable description recorded as `Dataset.normalization`. */
export function describeNormalization(stats: ChannelStats, origin: string): string {
  const f = (v: number[]) => (v.length === 1 ? v[0]!.toFixed(4) : `(${v.map((x) => x.toFixed(4)).join(', ')})`);
  return `x/255, then (x - ${f(stats.mean)}) / ${f(stats.std)} per channel (${origin})`;
}

/**
 * Per-channel mean and standard deviation of x/255 over `count` samples of bytes laid out as [count, C, pixels]
 * (accumulated in float64).
 */
export function byteStats(bytes: Uint8Array, channels: number, pixelsPerChannel: number): ChannelStats {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  const sampleSize = channels * pixelsPerChannel;
  const count = Math.floor(bytes.length / sampleSize);
  for (let s = 0; s < count; s++) {
    for (let c = 0; c < channels; c++) {
      const start = s * sampleSize + c * pixelsPerChannel;
      let a = 0;
      let b = 0;
      for (let i = start; i < start + pixelsPerChannel; i++) {
        const x = bytes[i]! / 255;
        a += x;
        b += x * x;
      }
      sum[c]! += a;
      sumSq[c]! += b;
    }
  }
  const n = count * pixelsPerChannel;
  const mean = [...sum].map((v) => (n > 0 ? v / n : 0));
  const std = [...sumSq].map((v, c) => {
    const variance = n > 0 ? v / n - mean[c]! ** 2 : 0;
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, std };
}

/**
 * Writes ((x/255) - mean[c]) / std[c] for `pixelsPerChannel` bytes of channel c, starting at `src[srcOffset]`, to
 * `dst[dstOffset]`.
 */
export function normalizeChannel(
  src: Uint8Array,
  srcOffset: number,
  dst: Float32Array,
  dstOffset: number,
  pixelsPerChannel: number,
  mean: number,
  std: number,
): void {
  const scale = 1 / (255 * std);
  const shift = mean / std;
  for (let i = 0; i < pixelsPerChannel; i++) dst[dstOffset + i] = src[srcOffset + i]! * scale - shift;
}

/** Normalises `count` byte samples laid out [count, C, pixels] into `dst` from `dstOffset` on. */
export function normalizeSamples(
  src: Uint8Array,
  dst: Float32Array,
  dstOffset: number,
  count: number,
  channels: number,
  pixelsPerChannel: number,
  stats: ChannelStats,
): void {
  for (let s = 0; s < count; s++) {
    for (let c = 0; c < channels; c++) {
      const off = (s * channels + c) * pixelsPerChannel;
      normalizeChannel(src, off, dst, dstOffset + off, pixelsPerChannel, stats.mean[c]!, stats.std[c]!);
    }
  }
}
