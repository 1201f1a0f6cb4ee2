/**
 * MLP roles, anchored at a projection P whose output reaches an activation (walk.ts's activation ops, Erf for GELU,
 * Sigmoid*x for SiLU) through bias/shape-only ops:
 *
 *     P --> act --> [x * act(x), constant offsets/scales] --> D                 P = mlp_up,   D = mlp_down
 *     (before the activation: bias, shape ops, constant scales, Pow(x, c) and sums/products with x itself, as in the
 *      tanh GELU 0.5 * x * (1 + Tanh(c * (x + 0.044715 * x^3))))
 *     P --> act --\
 *                  Mul --> D                                                    P = mlp_gate, Q = mlp_up, D = mlp_down
 *     Q ---------/
 *
 * D is the first projection reading the activated value. P (and Q) must read a norm's output through shape-only ops,
 * as every transformer MLP (pre- or post-norm) and ConvNeXt's channels-last MLP do, so that a classifier's
 * fc1 -> Relu -> fc2 and BERT's pooler -> Tanh -> classifier keep `linear`.
 */
import type { Node } from '../onnx/types.js';
import { consumersOf } from './graph-index.js';
import type { GraphIndex } from './graph-index.js';
import type { Candidate } from './candidate.js';
import { isComputed, isOpNode, otherOperand } from './parent-path.js';
import { ACTIVATION_OPS, dependsOn, passThrough, SHAPE_ONLY_OPS } from './walk.js';
import { projectionsAbove } from './attention-roles.js';

export type MlpRole = 'mlp_up' | 'mlp_gate' | 'mlp_down';

export function mlpRoles(
  ix: GraphIndex,
  projections: ReadonlyMap<Node, Candidate>,
  taken: ReadonlySet<Node>,
  normOutputs: ReadonlySet<string>,
): Map<Node, MlpRole> {
  const roles = new Map<Node, MlpRole>();
  for (const node of projections.keys()) {
    if (taken.has(node) || roles.has(node)) continue;
    if (!readsNorm(ix, node.inputs[0] ?? '', normOutputs)) continue;
    const found = downFrom(ix, node, projections);
    if (!found || taken.has(found.down)) continue;
    if (found.up && !taken.has(found.up)) {
      roles.set(node, 'mlp_gate');
      roles.set(found.up, 'mlp_up');
    } else {
      roles.set(node, 'mlp_up');
    }
    roles.set(found.down, 'mlp_down');
  }
  return roles;
}

function readsNorm(ix: GraphIndex, value: string, normOutputs: ReadonlySet<string>): boolean {
  let current = value;
  for (let guard = 0; guard < 16; guard++) {
    if (normOutputs.has(current)) return true;
    const node = ix.producer.get(current);
    if (!node || !isOpNode(node, ...SHAPE_ONLY_OPS)) return false;
    current = node.inputs[0] ?? '';
  }
  return false;
}

const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow']);

/** The down projection after P's activation, and for a gated MLP the other branch's projection. */
function downFrom(ix: GraphIndex, p: Node, projections: ReadonlyMap<Node, Candidate>): { down: Node; up?: Node } | undefined {
  const origin = p.outputs[0] ?? '';
  const seen = new Set<string>();
  const stack: Array<[string, boolean]> = [[origin, false]];
  let up: Node | undefined;
  while (stack.length > 0) {
    const [value, activated] = stack.pop()!;
    const key = `${activated}:${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const node of consumersOf(ix, value)) {
      if (projections.has(node) && node !== p) {
        if (activated && node.inputs[0] === value) return { down: node, ...(up ? { up } : {}) };
        continue;
      }
      const out = node.outputs[0] ?? '';
      if (isOpNode(node, ...ACTIVATION_OPS) && node.inputs[0] === value) {
        stack.push([out, true]);
        continue;
      }
      const next = passThrough(ix, node, value);
      if (next !== undefined) {
        stack.push([next, activated]);
        continue;
      }
      if (!isOpNode(node, ...ELEMENTWISE)) continue;
      const other = otherOperand(node, value);
      if (other === undefined) continue;
      if (node.opType === 'Pow' && node.inputs[0] === value && !isComputed(ix, other)) {
        stack.push([out, activated]);
        continue;
      }
      if (!isComputed(ix, other)) continue;
      if (dependsOn(ix, other, origin)) stack.push([out, activated]);
      else if (activated && node.opType === 'Mul') {
        const branch = [...projectionsAbove(ix, other, projections).keys()];
        if (branch.length === 1 && branch[0] !== p) {
          up = branch[0];
          stack.push([out, true]);
        }
      }
    }
  }
  return undefined;
}
