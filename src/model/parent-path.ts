/**
 * Small walks shared by the pattern files (decomposed norms, attention, MLP, direct parameters): the producer of a
 * value with Casts skipped, a parent path of expected op types, the consumers of a value with Casts skipped, and the
 * float tensor an operand holds. Every function is pure over the GraphIndex.
 */
import { FLOAT_DTYPES } from '../onnx/types.js';
import type { Node, Tensor } from '../onnx/types.js';
import { consumersOf, depthFirst, initializerOf, isConstant } from './graph-index.js';
import { isDefaultDomain } from './domain.js';
import type { GraphIndex } from './graph-index.js';

const TRANSPARENT: ReadonlySet<string> = new Set(['Cast', 'Identity']);

/** The value `value` really comes from, with Cast and Identity nodes above it skipped. */
export function skipCastsUp(ix: GraphIndex, value: string): string {
  let current = value;
  for (let guard = 0; guard < 64; guard++) {
    const node = ix.producer.get(current);
    if (!node || !TRANSPARENT.has(node.opType) || !isDefaultDomain(node)) return current;
    current = node.inputs[0] ?? '';
  }
  return current;
}

/** The default-domain node producing `value` (Casts skipped) when its op is one of `ops`. */
export function parent(ix: GraphIndex, value: string, ops: readonly string[]): Node | undefined {
  const node = ix.producer.get(skipCastsUp(ix, value));
  return node && isDefaultDomain(node) && ops.includes(node.opType) ? node : undefined;
}

/**
 * onnxruntime-style parent path: from `node`, follow input `inputs[i]` (or, for null, whichever input matches) to a
 * producer whose op is `ops[i]`, Casts skipped. The nodes found, or undefined when the path breaks.
 */
export function parentPath(
  ix: GraphIndex,
  node: Node,
  ops: ReadonlyArray<readonly string[]>,
  inputs: ReadonlyArray<number | null>,
): Node[] | undefined {
  const path: Node[] = [];
  let current = node;
  for (let i = 0; i < ops.length; i++) {
    const slot = inputs[i];
    const slots = slot === null || slot === undefined ? current.inputs.map((_, k) => k) : [slot];
    const next = slots.map((k) => parent(ix, current.inputs[k] ?? '', ops[i]!)).find((n) => n !== undefined);
    if (!next) return undefined;
    path.push(next);
    current = next;
  }
  return path;
}

/** Consumers of `value`, looking through Cast/Identity nodes below it; each with the value it reads. */
export function consumersThroughCasts(ix: GraphIndex, value: string): Array<{ node: Node; value: string }> {
  const out: Array<{ node: Node; value: string }> = [];
  depthFirst(value, (v, next) => {
    for (const node of consumersOf(ix, v)) {
      if (TRANSPARENT.has(node.opType) && isDefaultDomain(node)) next(node.outputs[0] ?? '');
      else out.push({ node, value: v });
    }
    return undefined;
  });
  return out;
}

/** The other operand of a two-input node, given one of them. */
export function otherOperand(node: Node, value: string): string | undefined {
  if (node.inputs.length !== 2) return undefined;
  if (node.inputs[0] === value) return node.inputs[1];
  if (node.inputs[1] === value) return node.inputs[0];
  return undefined;
}

/** The float tensor an operand holds (initializer or Constant, through Identity/Cast), if any. */
export function floatTensor(ix: GraphIndex, value: string | undefined): Tensor | undefined {
  if (value === undefined || value === '') return undefined;
  const tensor = initializerOf(ix, value);
  return tensor && FLOAT_DTYPES.has(tensor.dataType) ? tensor : undefined;
}

/** Computed at run time: neither empty nor fixed by the file. */
export function isComputed(ix: GraphIndex, value: string | undefined): boolean {
  return value !== undefined && value !== '' && !isConstant(ix, value) && initializerOf(ix, value) === undefined;
}

/** Integer values of a constant input (axes, sizes, indices), or undefined when it is not a constant. */
export function constantInts(ix: GraphIndex, value: string | undefined): number[] | undefined {
  if (value === undefined || value === '') return undefined;
  const tensor = initializerOf(ix, value);
  if (!tensor || FLOAT_DTYPES.has(tensor.dataType)) return undefined;
  return Array.from(tensor.data as ArrayLike<number | bigint>, (v) => Number(v));
}

export function isOpNode(node: Node, ...ops: string[]): boolean {
  return isDefaultDomain(node) && ops.includes(node.opType);
}
