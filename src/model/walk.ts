import type { Node } from '../onnx/types.js';
import { consumersOf, depthFirst, isConstant } from './graph-index.js';
import { isDefaultDomain } from './domain.js';
import type { GraphIndex } from './graph-index.js';

/** Ops that only move or relabel values (no arithmetic): a walk passes through their data input (input 0). */
export const SHAPE_ONLY_OPS: ReadonlySet<string> = new Set([
  'Reshape',
  'Flatten',
  'Squeeze',
  'Unsqueeze',
  'Identity',
  'Transpose',
  'Expand',
  'Dropout',
  'Cast',
]);

/** Element-wise non-linearities, applied to input 0. Erf is the core of the Div-Erf-Add-Mul GELU export. */
export const ACTIVATION_OPS: ReadonlySet<string> = new Set([
  'Relu',
  'Clip',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Elu',
  'Selu',
  'Celu',
  'LeakyRelu',
  'PRelu',
  'ThresholdedRelu',
  'Tanh',
  'Gelu',
  'Erf',
  'Softplus',
  'Softsign',
  'Mish',
]);

/** Ops producing a 0..1 gate; x * gate(x) is SiLU / HardSwish, gate(se) * x is squeeze-excitation. */
export const GATE_OPS: ReadonlySet<string> = new Set(['Sigmoid', 'HardSigmoid']);

const CONSTANT_OPERAND_OPS: ReadonlySet<string> = new Set(['Add', 'Sub', 'Mul', 'Div']);

export function isOp(node: Node, ops: ReadonlySet<string>): boolean {
  return ops.has(node.opType) && isDefaultDomain(node);
}

/**
 * The output of `node` when it carries `value` along unchanged up to shape, or up to a constant offset or scale
 * (a bias Add after MatMul, the Div by sqrt(2) of a GELU); undefined otherwise.
 */
export function passThrough(ix: GraphIndex, node: Node, value: string): string | undefined {
  if (!isDefaultDomain(node)) return undefined;
  if (SHAPE_ONLY_OPS.has(node.opType)) return node.inputs[0] === value ? node.outputs[0] : undefined;
  if (CONSTANT_OPERAND_OPS.has(node.opType) && node.inputs.length === 2) {
    const [left, right] = node.inputs as [string, string];
    const other = left === value ? right : right === value ? left : undefined;
    if (other !== undefined && other !== value && isConstant(ix, other)) return node.outputs[0];
  }
  return undefined;
}

/**
 * Values obtained from `value` by exactly one activation applied to it: the output of a unary activation op, and
 * for a gate op also the Mul(value, gate(value)) it forms with `value` (SiLU/Swish, HardSwish written out).
 */
export function activationOutputs(ix: GraphIndex, value: string): string[] {
  const outputs: string[] = [];
  for (const node of consumersOf(ix, value)) {
    if (!isOp(node, ACTIVATION_OPS) || node.inputs[0] !== value) continue;
    const out = node.outputs[0] ?? '';
    outputs.push(out);
    if (GATE_OPS.has(node.opType)) outputs.push(...selfGatedProducts(ix, value, out));
  }
  return outputs;
}

function selfGatedProducts(ix: GraphIndex, value: string, gate: string): string[] {
  return consumersOf(ix, gate)
    .filter((m) => m.opType === 'Mul' && isDefaultDomain(m) && m.inputs.includes(value) && m.inputs.includes(gate))
    .map((m) => m.outputs[0] ?? '');
}

/** True when `value` is computed from `target` (or is it). Only nodes after target's producer can depend on it. */
export function dependsOn(ix: GraphIndex, value: string, target: string): boolean {
  const targetProducer = ix.producer.get(target);
  const floor = targetProducer ? ix.position.get(targetProducer)! : -1;
  return (
    depthFirst(value, (current, next) => {
      if (current === target) return true;
      const node = ix.producer.get(current);
      if (node && ix.position.get(node)! > floor) for (const input of node.inputs) if (input !== '') next(input);
      return undefined;
    }) ?? false
  );
}
