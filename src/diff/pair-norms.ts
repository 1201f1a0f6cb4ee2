/**
 * L2 norms of the paired tensors of two checkpoints (one per run) and of their difference, per layer and summed
 * over all paired layers. With `params: weight` a layer contributes its weight; with `all` also its bias / norm
 * shift (paired by position, as matchLayers pairs them).
 */
import type { ParamsMode } from '../analyze/types.js';
import { InputError } from '../errors.js';
import { diffNorms, norms } from '../metrics/index.js';
import type { Layer } from '../model/types.js';
import type { FloatData } from '../onnx/types.js';
import type { CheckpointModel } from './run-side.js';
import type { NormTriple } from './types.js';

/** Squared L2 norms: of A's tensors, of B's, and of A - B. */
export interface SquaredNorms {
  a: number;
  b: number;
  distance: number;
}

export const ZERO_SQUARED: SquaredNorms = { a: 0, b: 0, distance: 0 };

/** Tensor names paired between the two layers: the weight, then (params all) extras position by position. */
export function pairedTensorNames(la: Layer, lb: Layer, params: ParamsMode): [string, string][] {
  const names: [string, string][] = [[la.weight, lb.weight]];
  if (params === 'all') {
    const count = Math.min(la.extras.length, lb.extras.length);
    for (let i = 0; i < count; i++) names.push([la.extras[i], lb.extras[i]]);
  }
  return names;
}

function tensorOf(checkpoint: CheckpointModel, name: string, where: string): FloatData {
  const data = checkpoint.tensor(name);
  if (!data) throw new InputError(`${where}/${checkpoint.file}: tensor ${name} not found or not a float tensor`);
  return data;
}

export function layerSquaredNorms(
  la: Layer,
  ca: CheckpointModel,
  lb: Layer,
  cb: CheckpointModel,
  params: ParamsMode,
  where: { a: string; b: string },
): SquaredNorms {
  let sum = ZERO_SQUARED;
  for (const [na, nb] of pairedTensorNames(la, lb, params)) {
    const x = tensorOf(ca, na, where.a);
    const y = tensorOf(cb, nb, where.b);
    if (x.length !== y.length) {
      throw new InputError(`tensor ${na} (${x.length} values in A) and ${nb} (${y.length} values in B) differ in size`);
    }
    sum = addSquared(sum, { a: norms(x).l2sq, b: norms(y).l2sq, distance: diffNorms(x, y).l2sq });
  }
  return sum;
}

export function addSquared(x: SquaredNorms, y: SquaredNorms): SquaredNorms {
  return { a: x.a + y.a, b: x.b + y.b, distance: x.distance + y.distance };
}

export function rootNorms(s: SquaredNorms): NormTriple {
  return { a: Math.sqrt(s.a), b: Math.sqrt(s.b), distance: Math.sqrt(s.distance) };
}
