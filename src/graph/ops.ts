/**
 * Emitting ops whose form depends on the opset: reductions take `axes` as an input from opset 13 (ReduceSum) or
 * 18 (the others), and as an attribute before; Unsqueeze/Squeeze take it as an input from opset 13.
 */
import { intAttr, intsAttr } from './attrs.js';
import type { GraphBuilder } from './builder.js';

export type ReduceOp = 'ReduceSum' | 'ReduceMean' | 'ReduceMax' | 'ReduceSumSquare';

export function reduce(b: GraphBuilder, op: ReduceOp, x: string, axes: readonly number[], keepdims: boolean, name?: string): string {
  const axesAsInput = op === 'ReduceSum' ? b.opset >= 13 : b.opset >= 18;
  if (axesAsInput) return b.op(op, [x, b.constInt64(axes)], { keepdims: intAttr(keepdims ? 1 : 0) }, name);
  return b.op(op, [x], { axes: intsAttr(axes), keepdims: intAttr(keepdims ? 1 : 0) }, name);
}

export function unsqueeze(b: GraphBuilder, x: string, axes: readonly number[], name?: string): string {
  if (b.opset >= 13) return b.op('Unsqueeze', [x, b.constInt64(axes)], {}, name);
  return b.op('Unsqueeze', [x], { axes: intsAttr(axes) }, name);
}

export function reshape(b: GraphBuilder, x: string, shape: readonly number[], name?: string): string {
  return b.op('Reshape', [x, b.constInt64(shape)], {}, name);
}

/** Reshapes `x` to the run-time shape of `like`. */
export function reshapeLike(b: GraphBuilder, x: string, like: string, name?: string): string {
  const shape = b.op('Shape', [like], {}, name === undefined ? undefined : `${name}.shape`);
  return b.op('Reshape', [x, shape], {}, name);
}

export function transpose(b: GraphBuilder, x: string, perm: readonly number[], name?: string): string {
  return b.op('Transpose', [x], { perm: intsAttr(perm) }, name);
}
