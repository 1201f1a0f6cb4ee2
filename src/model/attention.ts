/**
 * Scaled dot-product attention, anchored at the Softmax:
 *
 *     q ---------------------\
 *                             MatMul --> [Mul|Div (scale)] --> [Add|Where (mask)] --> Softmax --> [Cast|Dropout] --> MatMul --> out
 *     k --> [Transpose] -----/                                                                                     /
 *     v ---------------------------------------------------------------------------------------------------------/
 *
 * Scale and mask may come in either order, and Casts may sit anywhere on the score path. The scores MatMul has two
 * computed operands (no weight); so does the MatMul after the Softmax. q, k and v are the values those MatMuls read
 * (k still transposed); `output` is the attention result before heads are merged back.
 */
import type { Node } from '../onnx/types.js';
import { consumersOf } from './graph-index.js';
import type { GraphIndex } from './graph-index.js';
import { isComputed, isOpNode } from './parent-path.js';

export interface AttentionMatch {
  softmax: Node;
  scores: Node;
  q: string;
  k: string;
  v: string;
  /** The MatMul(probabilities, v) node. */
  context: Node;
}

export function findAttentions(ix: GraphIndex): AttentionMatch[] {
  const found: AttentionMatch[] = [];
  for (const node of ix.order) {
    if (!isOpNode(node, 'Softmax')) continue;
    const scores = scoresMatMul(ix, node.inputs[0] ?? '', 0);
    const context = contextMatMul(ix, node.outputs[0] ?? '');
    if (!scores || !context) continue;
    found.push({
      softmax: node,
      scores,
      q: scores.inputs[0]!,
      k: scores.inputs[1]!,
      v: context.node.inputs[1]!,
      context: context.node,
    });
  }
  return found;
}

function isActivationProduct(ix: GraphIndex, node: Node): boolean {
  return isOpNode(node, 'MatMul') && node.inputs.length === 2 && node.inputs.every((v) => isComputed(ix, v));
}

/** Up from the Softmax input through Cast/Identity, scale and mask ops to the q.k^T MatMul. */
function scoresMatMul(ix: GraphIndex, value: string, depth: number): Node | undefined {
  if (depth > 8) return undefined;
  const node = ix.producer.get(value);
  if (!node) return undefined;
  if (isActivationProduct(ix, node)) return node;
  if (isOpNode(node, 'Cast', 'Identity')) return scoresMatMul(ix, node.inputs[0] ?? '', depth + 1);
  const operands = isOpNode(node, 'Where') ? node.inputs.slice(1) : isOpNode(node, 'Add', 'Sub', 'Mul', 'Div') ? node.inputs : [];
  for (const operand of operands) {
    if (!isComputed(ix, operand)) continue;
    const found = scoresMatMul(ix, operand, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Down from the Softmax output through Cast/Identity/Dropout to a MatMul reading it as its left operand. */
function contextMatMul(ix: GraphIndex, value: string): { node: Node } | undefined {
  for (const node of consumersOf(ix, value)) {
    if (isOpNode(node, 'Cast', 'Identity', 'Dropout')) {
      const found = contextMatMul(ix, node.outputs[0] ?? '');
      if (found) return found;
    } else if (isActivationProduct(ix, node) && node.inputs[0] === value) {
      return { node };
    }
  }
  return undefined;
}
