import { FLOAT_DTYPES } from '../onnx/types.js';
import type { Node, Tensor } from '../onnx/types.js';
import { consumersOf, initializerOf, throughIdentities } from './graph-index.js';
import { isDefaultDomain } from './domain.js';
import type { GraphIndex } from './graph-index.js';

/** The parameters a layer node consumes: its weight (and the input slot it sits in), then bias / norm shift. */
export interface LayerTensors {
  slot: number;
  weight: Tensor;
  extras: Tensor[];
  /** Gemm/MatMul: the weight reaches the node through a Transpose (an older exporter's nn.Linear). */
  transposed?: boolean;
}

export const NORM_OPS: ReadonlySet<string> = new Set([
  'BatchNormalization',
  'LayerNormalization',
  'InstanceNormalization',
  'GroupNormalization',
]);

/**
 * docs/design.md section 4: Conv/ConvTranspose/Gemm weight = input 1 (bias input 2), MatMul = its initializer operand,
 * norms = scale (input 1, shift input 2; BatchNormalization's running mean/var are not parameters), Gather = data
 * (input 0). Initializers count directly or routed through Identity/Cast nodes, and only with a float dtype; a
 * Gemm/MatMul weight also through a 2-D Transpose (Transpose(W) -> MatMul is how older exporters write nn.Linear).
 * Undefined when the node is not a layer.
 */
export function layerTensors(ix: GraphIndex, node: Node): LayerTensors | undefined {
  if (!isDefaultDomain(node)) return undefined;
  switch (node.opType) {
    case 'Conv':
    case 'ConvTranspose':
      return withExtras(ix, node, 1, [2]);
    case 'Gemm':
      return gemmTensors(ix, node);
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
  const slot = projectionWeight(ix, node.inputs[1]) ? 1 : 0;
  const found = projectionWeight(ix, node.inputs[slot]);
  if (!found) return undefined;
  const bias = followingBias(ix, node);
  return { slot, weight: found.weight, extras: bias && bias !== found.weight ? [bias] : [], transposed: found.transposed };
}

function gemmTensors(ix: GraphIndex, node: Node): LayerTensors | undefined {
  const found = projectionWeight(ix, node.inputs[1]);
  if (!found) return undefined;
  const bias = floatInitializer(ix, node.inputs[2]);
  return { slot: 1, weight: found.weight, extras: bias && bias !== found.weight ? [bias] : [], transposed: found.transposed };
}

/** A float initializer, directly or through Identity/Cast, or through one 2-D Transpose of one. */
function projectionWeight(ix: GraphIndex, value: string | undefined): { weight: Tensor; transposed: boolean } | undefined {
  const direct = floatInitializer(ix, value);
  if (direct) return { weight: direct, transposed: false };
  if (value === undefined) return undefined;
  const transpose = ix.producer.get(throughIdentities(ix, value, ROUTES));
  if (!transpose || transpose.opType !== 'Transpose' || !isDefaultDomain(transpose)) return undefined;
  const weight = floatInitializer(ix, transpose.inputs[0]);
  return weight && weight.dims.length === 2 ? { weight, transposed: true } : undefined;
}

const ROUTES: ReadonlySet<string> = new Set(['Identity', 'Cast']);

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
