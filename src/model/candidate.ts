/** A layer while the graph rules are still deciding its role: the node, its tensors and what the rules found. */
import type { Node, Tensor } from '../onnx/types.js';
import type { LayerPart, Primitive } from './types.js';

export interface Candidate {
  /** The layer node (Conv, MatMul, Gather, norm op, a decomposed norm's Mul(gamma)) or a parameter's consumer. */
  node: Node;
  /** The weight's input slot in `node`. */
  slot: number;
  weight: Tensor;
  extras: Tensor[];
  /** MatMul/Gemm: the stored weight reaches the node through a Transpose. */
  transposed: boolean;
  primitive: Primitive;
  /** Proposed name (made unique later). */
  name: string;
  parts?: LayerPart[];
  tiedWith?: string;
  block?: number | null;
}

export function isProjection(c: Candidate): boolean {
  return (c.node.opType === 'MatMul' || c.node.opType === 'Gemm') && c.slot === 1;
}
