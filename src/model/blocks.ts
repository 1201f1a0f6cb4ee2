/**
 * The transformer block of each layer (Layer.block), from the order of the repeated attention in the graph:
 * 1. block i is the i-th attention (attention.ts) in topological order;
 * 2. its attention projections are in block i; an MLP layer is in the block of the last attention before its
 *    mlp_up/mlp_gate; a layer scale is in the block of the projection it scales;
 * 3. block i spans the topological positions from its first to its last such layer; any other layer inside a span
 *    belongs to that block;
 * 4. a norm between spans (or before the first, after the last) belongs to the next block when it is a pre-norm
 *    (its output feeds only projections) and to the previous one when it is a post-norm (its output also feeds a
 *    residual Add, as in BERT). After the last block, the first norm is the last block's when the model's norms are
 *    post-norms; before the first block, a post-norm (an embedding norm) belongs to none;
 * 5. everything else outside the spans (embeddings, final norm, heads) and every layer of a graph without attention:
 *    null.
 */
import type { Node } from '../onnx/types.js';
import type { GraphIndex } from './graph-index.js';
import type { Candidate } from './candidate.js';
import { consumersThroughCasts, isComputed, otherOperand } from './parent-path.js';

export interface BlockInput {
  candidate: Candidate;
  index: number;
  /** From the role rules: the attention this layer belongs to, when they tell. */
  attention?: number;
  /** Norm layers: the value the norm produces. */
  normOutput?: string;
}

export function assignBlocks(ix: GraphIndex, layers: readonly BlockInput[], attentions: number): Array<number | null> {
  if (attentions === 0) return layers.map(() => null);
  const first = Array<number>(attentions).fill(Infinity);
  const last = Array<number>(attentions).fill(-Infinity);
  for (const l of layers) {
    if (l.attention === undefined) continue;
    first[l.attention] = Math.min(first[l.attention]!, l.index);
    last[l.attention] = Math.max(last[l.attention]!, l.index);
  }
  const postNorm = (l: BlockInput): boolean => l.normOutput !== undefined && feedsResidual(ix, l.normOutput);
  const modelPostNorm = layers.some((l) => {
    if (l.normOutput === undefined || l.attention !== undefined) return false;
    const between = first.some((f, i) => i > 0 && l.index < f && l.index > last[i - 1]!);
    return between && postNorm(l);
  });
  const lastEnd = last[attentions - 1]!;
  const afterLast = layers.filter((l) => l.index > lastEnd);
  const firstNormAfter = afterLast.find((l) => l.normOutput !== undefined);
  return layers.map((l) => {
    if (l.attention !== undefined) return l.attention;
    const inside = first.findIndex((f, i) => l.index >= f && l.index <= last[i]!);
    if (inside >= 0) return inside;
    if (l.normOutput === undefined) return null;
    if (l.index > lastEnd) return modelPostNorm && l === firstNormAfter && afterLast[0] === l ? attentions - 1 : null;
    const next = first.findIndex((f) => l.index < f);
    if (postNorm(l)) return next > 0 ? next - 1 : null;
    return next;
  });
}

/** The norm's output is read by an Add of two computed values (the residual sum): a post-norm. */
function feedsResidual(ix: GraphIndex, value: string): boolean {
  return consumersThroughCasts(ix, value).some(({ node, value: v }: { node: Node; value: string }) => {
    if (node.opType !== 'Add') return false;
    return isComputed(ix, otherOperand(node, v));
  });
}
