import type { Node } from '../onnx/types.js';
import type { Primitive } from './types.js';
import { consumersOf, depthFirst } from './graph-index.js';
import { isDefaultDomain } from './domain.js';
import { readInt } from './attributes.js';
import type { GraphIndex } from './graph-index.js';
import { dataInput, NORM_OPS } from './layer-tensors.js';
import type { LayerTensors } from './layer-tensors.js';
import { feedsExcitationGate, leadsTo, readsGlobalAverage } from './squeeze-excitation.js';
import { activationOutputs, passThrough } from './walk.js';

export interface LayerNode {
  node: Node;
  tensors: LayerTensors;
}

/**
 * The primitive of every layer node, per the table in docs/design.md section 4. Two passes: `se_reduce` needs to know
 * which layers are `se_expand`.
 */
export function classifyPrimitives(ix: GraphIndex, layers: LayerNode[]): Primitive[] {
  const first = layers.map((layer) => firstPass(ix, layer));
  const expandNodes = new Map<Node, LayerNode>();
  layers.forEach((layer, i) => {
    if (first[i] === 'se_expand') expandNodes.set(layer.node, layer);
  });
  const isExpand = (node: Node, value: string): boolean => {
    const expand = expandNodes.get(node);
    return expand !== undefined && dataInput(node, expand.tensors.slot) === value;
  };
  return layers.map((layer, i) => {
    const primitive = first[i]!;
    if (primitive !== 'pointwise_expand' && primitive !== 'pointwise_project' && primitive !== 'linear') return primitive;
    const { node, tensors } = layer;
    const fromPool = readsGlobalAverage(ix, dataInput(node, tensors.slot));
    return fromPool && leadsTo(ix, node.outputs[0] ?? '', isExpand) ? 'se_reduce' : primitive;
  });
}

function firstPass(ix: GraphIndex, { node, tensors }: LayerNode): Primitive {
  const shape = tensors.weight.dims;
  const output = node.outputs[0] ?? '';
  switch (node.opType) {
    case 'Conv': {
      if (readInt(node, 'group', 1) > 1) return shape[1] === 1 ? 'depthwise' : 'grouped';
      if (!isOneByOne(shape)) return 'conv';
      if (feedsExcitationGate(ix, output)) return 'se_expand';
      return reachesActivation(ix, output) ? 'pointwise_expand' : 'pointwise_project';
    }
    case 'ConvTranspose':
      return 'conv';
    case 'Gemm':
    case 'MatMul':
      return feedsExcitationGate(ix, output) ? 'se_expand' : 'linear';
    case 'Gather':
      return 'embedding';
    default:
      if (NORM_OPS.has(node.opType)) return 'norm';
      throw new Error(`no primitive rule for layer op ${node.opType}`);
  }
}

/** Kernel spatial dims all 1 (weight is [out, in/group, k1, k2, ...]). */
export function isOneByOne(shape: readonly number[]): boolean {
  return shape.length >= 3 && shape.slice(2).every((d) => d === 1);
}

/**
 * The output goes through an activation, possibly after BatchNormalization and shape-only/constant-offset ops.
 * A residual Add (computed operand) or another layer ends the search: that is a linear projection.
 */
export function reachesActivation(ix: GraphIndex, output: string): boolean {
  return (
    depthFirst(output, (value, next) => {
      if (activationOutputs(ix, value).length > 0) return true;
      for (const node of consumersOf(ix, value)) {
        const out = node.opType === 'BatchNormalization' && isDefaultDomain(node) && node.inputs[0] === value
          ? node.outputs[0]
          : passThrough(ix, node, value);
        if (out !== undefined) next(out);
      }
      return undefined;
    }) ?? false
  );
}
