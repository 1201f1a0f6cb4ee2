/** Shared setup of the driver tests: a tiny artifacts directory, small synthetic data, and file helpers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '../../src/onnx/read.js';
import type { TrainOptions } from '../../src/train/train.js';
import { TINY_CLASSES, TINY_SHAPE, writeTinyArtifacts } from './tiny-artifacts.js';

/** Options for a tiny run on the hand-written artifacts (a fraction of a second). */
export function tinyOptions(root: string, out: string, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    artifacts: writeTinyArtifacts(join(root, 'artifacts')),
    dataset: 'synthetic',
    synthetic: { shape: TINY_SHAPE, classes: TINY_CLASSES, trainCount: 90, testCount: 30, noise: 0.3 },
    epochs: 3,
    batchSize: 16,
    lr: 0.1,
    device: 'cpu',
    threads: 1,
    seed: 5,
    out: join(root, out),
    ...extra,
  };
}

export function tensorOf(file: string, name: string): Float32Array {
  const t = readModel(file).graph.initializers.find((i) => i.name === name);
  if (t === undefined) throw new Error(`${file} has no ${name}`);
  return t.data as Float32Array;
}

export function bytesOf(file: string): Buffer {
  return readFileSync(file);
}
