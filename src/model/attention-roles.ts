/**
 * Roles of the projections around each attention (attention.ts), from structure only:
 * - walking up from q, k and v through reshapes, transposes, casts, scaling, rotary arithmetic (Mul/Add/Neg/Concat/
 *   Slice of the value itself) and split ops (Split, Slice, Gather with a constant index) to the first MatMul/Gemm
 *   projection on each path;
 * - a projection reached from q only is `attention_query` (k: `attention_key`, v: `attention_value`); one reached
 *   from all three is `attention_qkv`, with the split op closest to it on each path kept for the q/k/v parts;
 * - walking down from the context MatMul through Transpose/Reshape/Cast to the first projection reading it:
 *   `attention_output`.
 * Constant operands (rotary cos/sin tables, scales) are not followed: they are never claimed here.
 */
import type { Node } from '../onnx/types.js';
import { consumersOf, depthFirst } from './graph-index.js';
import type { GraphIndex } from './graph-index.js';
import type { AttentionMatch } from './attention.js';
import type { Candidate } from './candidate.js';
import { isComputed, isOpNode } from './parent-path.js';

/** The split op nearest a fused projection on one of its q/k/v paths: which output of it the path took. */
export interface SplitStep {
  node: Node;
  output: number;
}

export interface AttentionRoles {
  /** Projection node -> role, with the split steps for attention_qkv. */
  roles: Map<Node, { role: 'attention_query' | 'attention_key' | 'attention_value' | 'attention_qkv' | 'attention_output'; attention: number; splits?: Record<'q' | 'k' | 'v', SplitStep | null> }>;
}

const DATA_ONLY = new Set(['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Flatten', 'Identity', 'Cast', 'Dropout', 'Expand', 'Neg']);
const ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div', 'Concat']);

export function attentionRoles(ix: GraphIndex, attentions: readonly AttentionMatch[], projections: ReadonlyMap<Node, Candidate>): AttentionRoles {
  const roles: AttentionRoles['roles'] = new Map();
  attentions.forEach((a, i) => {
    const q = projectionsAbove(ix, a.q, projections);
    const k = projectionsAbove(ix, a.k, projections);
    const v = projectionsAbove(ix, a.v, projections);
    for (const node of new Set([...q.keys(), ...k.keys(), ...v.keys()])) {
      if (roles.has(node)) continue;
      const inQ = q.has(node);
      const inK = k.has(node);
      const inV = v.has(node);
      if (inQ && inK && inV) {
        roles.set(node, { role: 'attention_qkv', attention: i, splits: { q: q.get(node)!, k: k.get(node)!, v: v.get(node)! } });
      } else if (inQ && !inK && !inV) roles.set(node, { role: 'attention_query', attention: i });
      else if (inK && !inQ && !inV) roles.set(node, { role: 'attention_key', attention: i });
      else if (inV && !inQ && !inK) roles.set(node, { role: 'attention_value', attention: i });
    }
    const out = projectionBelow(ix, a.context.outputs[0] ?? '', projections);
    if (out && !roles.has(out)) roles.set(out, { role: 'attention_output', attention: i });
  });
  return { roles };
}

/** Projections found walking up from `value`, each with the split step nearest it (null when none). */
export function projectionsAbove(ix: GraphIndex, value: string, projections: ReadonlyMap<Node, Candidate>): Map<Node, SplitStep | null> {
  const found = new Map<Node, SplitStep | null>();
  depthFirst<[string, SplitStep | null], never>(
    [value, null],
    ([current, split], next) => {
      const node = ix.producer.get(current);
      if (!node || !isOpNode(node, node.opType)) return undefined;
      if (projections.has(node)) {
        if (!found.has(node)) found.set(node, split);
        return undefined;
      }
      const op = node.opType;
      if (DATA_ONLY.has(op)) next([node.inputs[0] ?? '', split]);
      else if (op === 'Split') next([node.inputs[0] ?? '', { node, output: node.outputs.indexOf(current) }]);
      else if (op === 'Slice') next([node.inputs[0] ?? '', { node, output: 0 }]);
      else if (op === 'Gather' && !isComputed(ix, node.inputs[1])) next([node.inputs[0] ?? '', { node, output: 0 }]);
      else if (ARITHMETIC.has(op)) for (const input of node.inputs) if (isComputed(ix, input)) next([input, split]);
      return undefined;
    },
    ([current]) => current,
  );
  return found;
}

const DOWN = new Set(['Reshape', 'Transpose', 'Flatten', 'Identity', 'Cast', 'Squeeze', 'Unsqueeze', 'Dropout']);

/** The first projection reading `value` as its data input, through shape-only ops. */
function projectionBelow(ix: GraphIndex, value: string, projections: ReadonlyMap<Node, Candidate>): Node | undefined {
  return depthFirst(value, (current, next) => {
    for (const node of consumersOf(ix, current)) {
      if (projections.has(node) && node.inputs[0] === current) return node;
      if (isOpNode(node, ...DOWN) && node.inputs[0] === current) next(node.outputs[0] ?? '');
    }
    return undefined;
  });
}
