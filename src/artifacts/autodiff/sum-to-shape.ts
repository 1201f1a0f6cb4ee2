/**
 * Reducing a broadcast gradient back to an operand's shape: sum over the leading axes the operand lacks and over
 * the axes where the operand has size 1 (numpy broadcasting, as ONNX's Add/Sub/Mul/Div/MatMul batch dims use).
 */
import type { Dim } from '../../onnx/types.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { reduce, reshape, reshapeLike } from '../../graph/ops.js';

/**
 * `grad` has rank `gradShape.length`; returns a tensor of the operand's shape `target` (operand tensor `operand`,
 * used for its run-time shape when `target` has symbolic dims).
 */
export function sumToShape(
  b: GraphBuilder,
  grad: string,
  gradShape: readonly Dim[],
  target: readonly Dim[],
  operand: string,
  name: string,
): string {
  const lead = gradShape.length - target.length;
  if (lead < 0) throw new Error(`${name}: gradient of rank ${gradShape.length} for an operand of rank ${target.length}`);
  const axes: number[] = [];
  for (let i = 0; i < gradShape.length; i++) {
    if (i < lead) axes.push(i);
    else if (target[i - lead] === 1 && gradShape[i] !== 1) axes.push(i);
  }
  if (axes.length === 0) return grad;
  const summed = reduce(b, 'ReduceSum', grad, axes, true, name);
  if (lead === 0) return summed;
  return target.every((d) => typeof d === 'number')
    ? reshape(b, summed, target as number[], `${name}.reshape`)
    : reshapeLike(b, summed, operand, `${name}.reshape`);
}
