/** Axis permutations as ONNX Transpose takes them (`perm`: output axis i is input axis perm[i]). */

/** Shape of a tensor of `shape` transposed by `perm` (a copy of `shape` when there is none). */
export function permutedShape(shape: readonly number[], perm: readonly number[] | undefined): number[] {
  return perm === undefined ? [...shape] : perm.map((a) => shape[a]!);
}

/** The permutation that undoes `perm`. */
export function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((a, i) => (inverse[a] = i));
  return inverse;
}
