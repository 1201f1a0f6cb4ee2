/**
 * Parameters the training model holds in another layout than the model (ParamSpec.layout): a permutation of the
 * model's axes. The driver converts at the edges (starting values in, checkpoints and optimizer state out), so
 * every file keeps the model's layout.
 */
import { inversePermutation, permutedShape } from '../util/permutation.js';
import type { ArtifactsContract } from './types.js';

export interface HeldTensor {
  /** Shape in the model's layout. */
  shape: number[];
  layout: number[];
}

/** The parameters and optimizer state tensors the training model holds in another layout, by name. */
export function heldTensors(contract: Pick<ArtifactsContract, 'params' | 'state'>): Map<string, HeldTensor> {
  const held = new Map<string, HeldTensor>();
  for (const p of contract.params) if (p.layout !== undefined) held.set(p.name, { shape: p.shape, layout: p.layout });
  for (const s of contract.state) {
    const layout = held.get(s.param)?.layout;
    if (layout !== undefined) held.set(s.name, { shape: s.shape, layout });
  }
  return held;
}

/** A tensor of the model's layout as the training model holds it, or back (`toModel`). */
export function convertHeld(t: HeldTensor, data: Float32Array, toModel = false): Float32Array {
  return toModel ? permuteData(data, permutedShape(t.shape, t.layout), inversePermutation(t.layout)) : permuteData(data, t.shape, t.layout);
}

/** `data` of `shape` transposed by `perm` (ONNX Transpose semantics), into `out` when given. */
export function permuteData(data: Float32Array, shape: readonly number[], perm: readonly number[], out = new Float32Array(data.length)): Float32Array {
  const rank = shape.length;
  const outShape = permutedShape(shape, perm);
  const strides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  // Walk the output in order; `from` follows the matching input offset.
  const step = perm.map((a) => strides[a]!);
  const index = new Array<number>(rank).fill(0);
  const inner = outShape[rank - 1] ?? 1;
  const innerStep = step[rank - 1] ?? 1;
  let from = 0;
  for (let o = 0; o < data.length; o += inner) {
    for (let j = 0, f = from; j < inner; j++, f += innerStep) out[o + j] = data[f]!;
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis]!++;
      from += step[axis]!;
      if (index[axis]! < outShape[axis]!) break;
      from -= step[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
  return out;
}

/** Shape of a parameter or state tensor in the training model. */
export function heldShape(contract: Pick<ArtifactsContract, 'params' | 'state'>, name: string, shape: readonly number[]): number[] {
  return permutedShape(shape, heldTensors(contract).get(name)?.layout);
}
