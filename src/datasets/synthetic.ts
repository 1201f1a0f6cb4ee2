/**
 * `synthetic`: a tiny procedural dataset for tests and smoke runs, deterministic for a given seed and learnable.
 * Class k has a prototype made of oriented stripes (angle pi*k/classes, frequency 2 + k mod 3 periods per image,
 * seeded phase per channel) plus a Gaussian blob at a class-specific position. A sample is its class prototype
 * shifted by -1..1 pixel in each direction, scaled by a factor in [0.8, 1.2], plus N(0, noise^2) per pixel.
 * Values are already roughly zero-mean and unit-scale; no further normalisation is applied.
 */
import { createRng, type Rng } from './rng.js';
import type { Dataset, Split } from './types.js';

export interface SyntheticOptions {
  trainCount?: number;
  testCount?: number;
  /** [C, H, W]; default [1, 28, 28] (what the zoo's MNIST models expect). */
  shape?: [number, number, number];
  classes?: number;
  /** Standard deviation of the per-pixel noise; default 0.5. */
  noise?: number;
  seed?: number;
}

const DEFAULTS = { trainCount: 512, testCount: 128, shape: [1, 28, 28] as [number, number, number], classes: 10, noise: 0.5, seed: 0 };

function prototypes(classes: number, shape: [number, number, number], rng: Rng): Float32Array[] {
  const [C, H, W] = shape;
  const result: Float32Array[] = [];
  for (let k = 0; k < classes; k++) {
    const p = new Float32Array(C * H * W);
    const angle = (Math.PI * k) / classes;
    const freq = 2 + (k % 3);
    const blobY = (0.2 + 0.6 * rng.uniform()) * H;
    const blobX = (0.2 + 0.6 * rng.uniform()) * W;
    const blobR2 = (0.15 * Math.min(H, W)) ** 2;
    for (let c = 0; c < C; c++) {
      const phase = 2 * Math.PI * rng.uniform();
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const t = (x / W) * Math.cos(angle) + (y / H) * Math.sin(angle);
          const stripes = Math.sin(2 * Math.PI * freq * t + phase);
          const blob = 2 * Math.exp(-((y - blobY) ** 2 + (x - blobX) ** 2) / (2 * blobR2));
          p[(c * H + y) * W + x] = stripes + blob;
        }
      }
    }
    result.push(p);
  }
  return result;
}

function generate(count: number, protos: Float32Array[], shape: [number, number, number], noise: number, rng: Rng): Split {
  const [C, H, W] = shape;
  const size = C * H * W;
  const images = new Float32Array(count * size);
  const labels = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    const cls = rng.int(protos.length);
    labels[s] = cls;
    const dy = rng.int(3) - 1;
    const dx = rng.int(3) - 1;
    const amplitude = 0.8 + 0.4 * rng.uniform();
    const proto = protos[cls]!;
    for (let c = 0; c < C; c++) {
      for (let y = 0; y < H; y++) {
        const sy = Math.min(H - 1, Math.max(0, y + dy));
        for (let x = 0; x < W; x++) {
          const sx = Math.min(W - 1, Math.max(0, x + dx));
          images[s * size + (c * H + y) * W + x] = amplitude * proto[(c * H + sy) * W + sx]! + noise * rng.normal();
        }
      }
    }
  }
  return { images, labels, count };
}

export function syntheticDataset(opts: SyntheticOptions = {}): Dataset {
  const o = { ...DEFAULTS, ...opts };
  const protos = prototypes(o.classes, o.shape, createRng(o.seed, 10));
  return {
    name: 'synthetic',
    source: `synthetic (seed ${o.seed}, ${o.trainCount} train / ${o.testCount} test, shape ${o.shape.join('x')}, ${o.classes} classes, noise ${o.noise})`,
    shape: [...o.shape],
    classes: o.classes,
    normalization: 'none (generated: stripes + blob prototypes, amplitude 0.8..1.2, additive Gaussian noise)',
    train: generate(o.trainCount, protos, o.shape, o.noise, createRng(o.seed, 11)),
    test: generate(o.testCount, protos, o.shape, o.noise, createRng(o.seed, 12)),
  };
}
