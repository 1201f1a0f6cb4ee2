/**
 * The streaming pass over a run's checkpoints. It visits checkpoint pairs in epoch order and computes everything that
 * needs two checkpoints: RWC between consecutive ones, distances from the first, distances between every k-th, and
 * the change counts and cosine of the last against the first. Only the first checkpoint plus two others are held
 * at any time (a CheckpointCache of two), so memory does not grow with the number of epochs.
 *
 * Checkpoint loading is injected (`load`), which keeps this pure enough to test on in-memory tensors.
 */
import type { FloatData } from '../onnx/types.js';
import type { RwcMethod } from './types.js';
import { CHANGE_TOLERANCES } from './types.js';
import { CheckpointCache } from './cache.js';
import {
  countChanged,
  diffNorms,
  dot,
  norms,
  meanRelativeFromParts,
  meanRelativeParts,
  rwcFromParts,
  stepParts,
} from '../metrics/index.js';

/** Tensors of one checkpoint keyed by the reference (first checkpoint's) tensor name. */
export type CheckpointTensors = ReadonlyMap<string, FloatData>;

export interface PassLayer {
  name: string;
  /** The tensors whose concatenation is the layer's parameter vector (weight only, or weight + extras). */
  tensors: string[];
}

export interface PassInput {
  /** Number of checkpoints (>= 2). */
  count: number;
  layers: PassLayer[];
  rwc: RwcMethod;
  /** Distance between every k-th checkpoint. */
  every: number;
  /**
   * Reads checkpoint `index`. `recycle`, when given, is a loaded checkpoint (never the first) that is no longer
   * needed: the loader may overwrite its memory.
   */
  load: (index: number, recycle?: CheckpointTensors) => CheckpointTensors;
  /** Copies of these tensors are kept at these checkpoint indices (e.g. first-layer filters across epochs). */
  keep?: { tensor: string; indices: number[] };
  onCheckpoint?: (visited: number) => void;
}

export interface PassResult {
  /** [layer][t-1], t = 1..count-1. */
  rwc: (number | null)[][];
  /** mean-relative only: elements skipped because the previous weight was exactly 0. */
  zeroElementsSkipped: number;
  /** Over all layers' vectors, per checkpoint (index 0 is 0). */
  distanceFromInit: { l1: number[]; l2: number[] };
  /** [layer][checkpoint] L2 distance of the layer vector from its initial value. */
  layerDistanceFromInit: number[][];
  every: { k: number; from: number[]; to: number[]; l1: number[]; l2: number[] };
  /** [layer][tolerance index] count of elements with |w_last - w_first| > tol (CHANGE_TOLERANCES order). */
  changedCounts: number[][];
  layerSizes: number[];
  cosineToInit: (number | null)[];
  /** checkpoint index -> copy of `keep.tensor` there. */
  kept: Map<number, Float32Array | Float64Array>;
  /** Tensors of the last checkpoint (for feature correlation and banding). */
  last: CheckpointTensors;
  loads: number;
}

export function everyPairs(count: number, k: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let to = k; to < count; to += k) pairs.push([to - k, to]);
  return pairs;
}

export function runPass(input: PassInput): PassResult {
  const { count, layers, every } = input;
  if (count < 2) throw new Error('runPass needs at least two checkpoints');
  const init = input.load(0);
  let furthest = 0;
  input.onCheckpoint?.(1);
  const cache = new CheckpointCache<CheckpointTensors>(2, (i, evicted) => {
    if (i === 0) return init;
    const tensors = input.load(i, evicted && evicted.index !== 0 ? evicted.value : undefined);
    if (i > furthest) input.onCheckpoint?.((furthest = i) + 1);
    return tensors;
  });
  const keepIndices = new Set(input.keep?.indices ?? []);
  const kept = new Map<number, Float32Array | Float64Array>();
  const keepCopy = (index: number, tensors: CheckpointTensors) => {
    if (!input.keep || !keepIndices.has(index) || kept.has(index)) return;
    const data = tensors.get(input.keep.tensor);
    if (data) kept.set(index, data.slice());
  };
  keepCopy(0, init);

  const get = (tensors: CheckpointTensors, name: string): FloatData => {
    const data = tensors.get(name);
    if (!data) throw new Error(`tensor ${name} missing from a loaded checkpoint`);
    return data;
  };

  const rwc = layers.map(() => new Array<number | null>(count - 1).fill(null));
  const layerDistanceFromInit = layers.map(() => new Array<number>(count).fill(0));
  const distanceFromInit = { l1: new Array<number>(count).fill(0), l2: new Array<number>(count).fill(0) };
  const pairs = everyPairs(count, every);
  const everyResult = {
    k: every,
    from: pairs.map((p) => p[0]),
    to: pairs.map((p) => p[1]),
    l1: new Array<number>(pairs.length).fill(0),
    l2: new Array<number>(pairs.length).fill(0),
  };
  let zeroElementsSkipped = 0;
  let last: CheckpointTensors = init;

  for (let t = 1; t < count; t++) {
    const prev = cache.get(t - 1);
    const cur = cache.get(t);
    keepCopy(t, cur);
    let l1 = 0;
    let l2sq = 0;
    layers.forEach((layer, li) => {
      if (!hasAll(layer, prev, cur, init)) return;
      let layerL2sq = 0;
      if (input.rwc === 'l1-ratio') {
        const parts = layer.tensors.map((n) => stepParts(get(init, n), get(prev, n), get(cur, n)));
        rwc[li][t - 1] = rwcFromParts(parts);
        for (const p of parts) {
          l1 += p.initL1;
          layerL2sq += p.initL2sq;
        }
      } else {
        const parts = layer.tensors.map((n) => meanRelativeParts(get(prev, n), get(cur, n)));
        for (const p of parts) zeroElementsSkipped += p.skipped;
        rwc[li][t - 1] = meanRelativeFromParts(parts);
        for (const n of layer.tensors) {
          const d = diffNorms(get(init, n), get(cur, n));
          l1 += d.l1;
          layerL2sq += d.l2sq;
        }
      }
      l2sq += layerL2sq;
      layerDistanceFromInit[li][t] = Math.sqrt(layerL2sq);
    });
    distanceFromInit.l1[t] = l1;
    distanceFromInit.l2[t] = Math.sqrt(l2sq);

    const pairIndex = everyResult.to.indexOf(t);
    if (pairIndex >= 0) {
      const from = everyResult.from[pairIndex];
      const ref = from === 0 ? init : from === t - 1 ? prev : cache.get(from);
      let e1 = 0;
      let e2 = 0;
      for (const layer of layers) {
        if (!hasAll(layer, ref, cur)) continue;
        for (const n of layer.tensors) {
          const d = diffNorms(get(ref, n), get(cur, n));
          e1 += d.l1;
          e2 += d.l2sq;
        }
      }
      everyResult.l1[pairIndex] = e1;
      everyResult.l2[pairIndex] = Math.sqrt(e2);
    }
    last = cur;
  }

  const changedCounts = layers.map((layer) => {
    const counts = new Array<number>(CHANGE_TOLERANCES.length).fill(0);
    if (!hasAll(layer, init, last)) return counts;
    for (const n of layer.tensors) {
      countChanged(get(init, n), get(last, n), CHANGE_TOLERANCES).forEach((c, i) => (counts[i] += c));
    }
    return counts;
  });
  const layerSizes = layers.map((layer) => layer.tensors.reduce((s, n) => s + (init.get(n)?.length ?? 0), 0));
  const cosineToInit = layers.map((layer) =>
    !hasAll(layer, init, last) ? null : cosineOfConcat(layer.tensors.map((n) => [get(init, n), get(last, n)])));

  return {
    rwc,
    zeroElementsSkipped,
    distanceFromInit,
    layerDistanceFromInit,
    every: everyResult,
    changedCounts,
    layerSizes,
    cosineToInit,
    kept,
    last,
    loads: cache.loads + 1,
  };
}

/** Whether every tensor of the layer is present in all the given checkpoints (unmatched tensors are absent). */
function hasAll(layer: PassLayer, ...checkpoints: CheckpointTensors[]): boolean {
  return checkpoints.every((c) => layer.tensors.every((n) => c.has(n)));
}

/** Cosine similarity of two vectors given as matching lists of pieces; null when either is all zeros. */
function cosineOfConcat(pieces: [FloatData, FloatData][]): number | null {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (const [x, y] of pieces) {
    ab += dot(x, y);
    aa += norms(x).l2sq;
    bb += norms(y).l2sq;
  }
  if (aa === 0 || bb === 0) return null;
  return Math.max(-1, Math.min(1, ab / Math.sqrt(aa * bb)));
}
