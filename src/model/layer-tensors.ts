import { FLOAT_DTYPES } from '../onnx/types.js';
import type { Node, Tensor } from '../onnx/types.js';
import { consumersOf, initializerOf } from './graph-index.js';
import { isDefaultDomain } from './domain.js';
import type { GraphIndex } from './graph-index.js';

/** The parameters a layer node consumes: its weight (and the input slot it sits in), then bias / norm shift. */
export interface LayerTensors {
  slot: number;
  weight: Tensor;
  extras: Tensor[];
}

export const NORM_OPS: ReadonlySet<string> = new Set([
  'BatchNormalization',
  'LayerNormalization',
  'InstanceNormalization',
]);

/**
 * docs/design.md section 4: Conv/ConvTranspose/Gemm weight = input 1 (bias input 2), MatMul = its initializer operand,
 * norms = scale (input 1, shift input 2; BatchNormalization's running mean/var are not parameters), Gather = data
 * (input 0). Initializers count directly or routed through Identity nodes, and only with a float dtype.
 * Undefined when the node is not a layer.
 */
export function layerTensors(ix: GraphIndex, node: Node): LayerTensors | undefined {
  if (!isDefaultDomain(node)) return undefined;
  switch (node.opType) {
    case 'Conv':
    case 'ConvTranspose':
    case 'Gemm':
      return withExtras(ix, node, 1, [2]);
    case 'MatMul':
      return matMulTensors(ix, node);
    case 'Gather':
      return withExtras(ix, node, 0, []);
    default:
      return NORM_OPS.has(node.opType) ? withExtras(ix, node, 1, [2]) : undefined;
  }
}

function withExtras(ix: GraphIndex, node: Node, slot: number, extraSlots: number[]): LayerTensors | undefined {
  const weight = floatInitializer(ix, node.inputs[slot]);
  if (!weight) return undefined;
  const extras = extraSlots
    .map((s) => floatInitializer(ix, node.inputs[s]))
    .filter((t): t is Tensor => t !== undefined && t !== weight);
  return { slot, weight, extras };
}

/**
 * MatMul's weight is its initializer operand (input 1 preferred). A PyTorch Linear applied to a 3-D input exports as
 * MatMul followed by Add(bias): when the MatMul's only consumer is such an Add with a 1-D float initializer, that
 * initializer is the layer's bias.
 */
function matMulTensors(ix: GraphIndex, node: Node): LayerTensors | undefined {
  const slot = floatInitializer(ix, node.inputs[1]) ? 1 : 0;
  const weight = floatInitializer(ix, node.inputs[slot]);
  if (!weight) return undefined;
  const bias = followingBias(ix, node);
  return { slot, weight, extras: bias && bias !== weight ? [bias] : [] };
}

function followingBias(ix: GraphIndex, node: Node): Tensor | undefined {
  const out = node.outputs[0] ?? '';
  const readers = consumersOf(ix, out);
  if (readers.length !== 1) return undefined;
  const add = readers[0]!;
  if (add.opType !== 'Add' || !isDefaultDomain(add) || add.inputs.length !== 2) return undefined;
  const other = add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!;
  const bias = floatInitializer(ix, other);
  return bias && bias.dims.length === 1 ? bias : undefined;
}

function floatInitializer(ix: GraphIndex, value: string | undefined): Tensor | undefined {
  if (value === undefined) return undefined;
  const tensor = initializerOf(ix, value);
  return tensor && FLOAT_DTYPES.has(tensor.dataType) ? tensor : undefined;
}

/** The non-parameter operand a layer transforms (Conv/Gemm input 0, MatMul's other operand). */
export function dataInput(node: Node, weightSlot: number): string {
  if (node.opType === 'MatMul') return node.inputs[weightSlot === 1 ? 0 : 1] ?? '';
  return node.inputs[0] ?? '';
}
