/**
 * Parameters used directly by element-wise ops (no layer node of their own), and the kind of table a Gather reads:
 *
 *     Gather(table, ids from a graph input)                              -> embedding (tokens, token types)
 *     Gather(table, Range | constants) | Slice(table) --> Add(stream, .) -> position_embedding
 *     table --> [shape ops] --> Add(stream, table)                       -> position_embedding (ViT pos_embed)
 *     token --> [Expand | Tile | shape ops] --> Concat(token, sequence)  -> special_token
 *     projection/conv --> [bias, shape ops] --> Mul(., gamma) --> [shape ops] --> Add(residual) -> layer_scale
 *     anything else                                                      -> param
 *
 * A position table has at least two dimensions above 1 ([positions, channels]); a layer scale exactly one. An Add
 * whose result goes on to a Softmax is a mask, not a position table: rotary cos/sin tables (Mul with q and k) and
 * masks stay `param`, which the analyze stage lists as buffers when they never change.
 */
import type { Node, Tensor } from '../onnx/types.js';
import type { Primitive } from './types.js';
import { consumersOf, depthFirst } from './graph-index.js';
import type { GraphIndex } from './graph-index.js';
import { isComputed, isOpNode, otherOperand } from './parent-path.js';
import { SHAPE_ONLY_OPS } from './walk.js';

const CARRY = new Set([...SHAPE_ONLY_OPS, 'Tile', 'Slice']);

/** The role of a tensor consumed, at input `slot`, by a node that is not a layer node. */
export function directRole(ix: GraphIndex, tensor: Tensor, node: Node, slot: number, isLayerNode: (n: Node) => boolean): Primitive {
  const bigDims = tensor.dims.filter((d) => d > 1).length;
  const value = node.inputs[slot] ?? '';
  if (reachesConcat(ix, node, value)) return 'special_token';
  if (bigDims >= 2 && addedToStream(ix, node, value)) return 'position_embedding';
  if (bigDims === 1 && scalesBlockOutput(ix, node, value, isLayerNode)) return 'layer_scale';
  return 'param';
}

/** A Gather on a float table: token/segment table, position table, or another table (rotary) by its indices. */
export function gatherRole(ix: GraphIndex, gather: Node): Primitive {
  if (readsInputValues(ix, gather.inputs[1] ?? '')) return 'embedding';
  return addedToStream(ix, gather, gather.inputs[0] ?? '') ? 'position_embedding' : 'param';
}

/** True when `value` depends on a graph input's values (not only on its shape). */
function readsInputValues(ix: GraphIndex, value: string): boolean {
  const inputs = new Set(ix.graph.inputs.map((i) => i.name));
  return (
    depthFirst(value, (current, next) => {
      if (inputs.has(current) && !ix.initializers.has(current)) return true;
      const node = ix.producer.get(current);
      if (node && node.opType !== 'Shape' && node.opType !== 'Size') for (const input of node.inputs) if (input !== '') next(input);
      return undefined;
    }) ?? false
  );
}

/** From `node` reading `value`, carried through shape ops/Slice/Tile to a Concat with a computed operand. */
function reachesConcat(ix: GraphIndex, node: Node, value: string): boolean {
  return walkDown(ix, node, value, (n, v) => isOpNode(n, 'Concat') && n.inputs.some((i) => i !== v && isComputed(ix, i)));
}

/** Carried (shape ops, Slice, Gather by constants) to an Add with a computed operand, whose sum is no Softmax's input. */
function addedToStream(ix: GraphIndex, node: Node, value: string): boolean {
  return walkDown(ix, node, value, (n, v) => {
    if (!isOpNode(n, 'Add')) return false;
    const other = otherOperand(n, v);
    return other !== undefined && isComputed(ix, other) && !feedsSoftmax(ix, n.outputs[0] ?? '');
  });
}

function walkDown(ix: GraphIndex, node: Node, value: string, accept: (n: Node, v: string) => boolean): boolean {
  const seen = new Set<Node>();
  const stack: Array<[Node, string]> = [[node, value]];
  while (stack.length > 0) {
    const [n, v] = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (accept(n, v)) return true;
    const carries = (isOpNode(n, ...CARRY) || isOpNode(n, 'Gather')) && n.inputs[0] === v;
    if (!carries) continue;
    const out = n.outputs[0] ?? '';
    for (const next of consumersOf(ix, out)) stack.push([next, out]);
  }
  return false;
}

function feedsSoftmax(ix: GraphIndex, value: string): boolean {
  return (
    depthFirst(value, (current, next) => {
      for (const n of consumersOf(ix, current)) {
        if (isOpNode(n, 'Softmax', 'LogSoftmax')) return true;
        if (isOpNode(n, 'Cast', 'Identity', 'Add', 'Where', 'Mul', 'Div')) next(n.outputs[0] ?? '');
      }
      return undefined;
    }) ?? false
  );
}

/** Mul(gamma, y) with y from a layer node (through bias Add/shape ops), its product reaching a residual Add. */
function scalesBlockOutput(ix: GraphIndex, node: Node, value: string, isLayerNode: (n: Node) => boolean): boolean {
  if (!isOpNode(node, 'Mul')) return false;
  const other = otherOperand(node, value);
  if (other === undefined || !isComputed(ix, other) || !fromLayer(ix, other, isLayerNode)) return false;
  return residualAfter(ix, node.outputs[0] ?? '');
}

function residualAfter(ix: GraphIndex, value: string): boolean {
  let current = value;
  for (let guard = 0; guard < 16; guard++) {
    const readers = consumersOf(ix, current);
    const add = readers.find((n) => isOpNode(n, 'Add') && isComputed(ix, otherOperand(n, current)));
    if (add) return true;
    const carry = readers.find((n) => isOpNode(n, ...SHAPE_ONLY_OPS) && n.inputs[0] === current);
    if (!carry) return false;
    current = carry.outputs[0] ?? '';
  }
  return false;
}

function fromLayer(ix: GraphIndex, value: string, isLayerNode: (n: Node) => boolean): boolean {
  let current = value;
  for (let guard = 0; guard < 16; guard++) {
    const node = ix.producer.get(current);
    if (!node) return false;
    if (isLayerNode(node)) return true;
    if (isOpNode(node, ...SHAPE_ONLY_OPS)) current = node.inputs[0] ?? '';
    else if (isOpNode(node, 'Add')) {
      const computed = node.inputs.filter((i) => isComputed(ix, i));
      if (computed.length !== 1) return false;
      current = computed[0]!;
    } else return false;
  }
  return false;
}
