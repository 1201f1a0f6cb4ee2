/**
 * Reading the static integer arguments of a node (axes, starts, split sizes) that ONNX moved from attributes to
 * inputs across opsets: the input when present (its value must be known statically), else the attribute.
 */
import { InputError } from '../../errors.js';
import type { Node } from '../../onnx/types.js';
import { readInts } from '../../graph/attrs.js';
import type { BackwardContext, LowerContext } from './rule.js';

/** Integers of input `slot`, or of attribute `attr` when the input is absent; undefined when neither is given. */
export function staticInts(
  ctx: Pick<BackwardContext | LowerContext, 'ints'>,
  node: Node,
  slot: number,
  attr: string,
): number[] | undefined {
  const input = node.inputs[slot];
  if (input) {
    const v = ctx.ints(input);
    if (v === undefined || !v.every((d): d is number => typeof d === 'number')) {
      throw new InputError(`node ${node.name} (${node.opType}): input ${input} must be a constant for training (its value is not known statically)`);
    }
    return v;
  }
  return node.attributes[attr] === undefined ? undefined : readInts(node, attr, []);
}

export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}
