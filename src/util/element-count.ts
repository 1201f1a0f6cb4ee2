/** The number of elements of a tensor of shape `dims` (1 for a scalar, []). No validation: see onnx/tensor-decode. */
export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}
