import type { Node } from '../onnx/types.js';
import { consumersOf, depthFirst, isConstant, throughIdentities } from './graph-index.js';
import { isDefaultDomain } from './domain.js';
import type { GraphIndex } from './graph-index.js';
import { activationOutputs, dependsOn, GATE_OPS, isOp, passThrough, SHAPE_ONLY_OPS } from './walk.js';

/**
 * `se_expand`: the layer's output reaches, through shape-only/constant-offset ops and at most one activation, a
 * Sigmoid/HardSigmoid whose result multiplies the main branch: a Mul whose other operand is computed but not from
 * this layer's output (that would be x * sigmoid(x), i.e. SiLU).
 */
export function feedsExcitationGate(ix: GraphIndex, output: string): boolean {
  return someForward(ix, output, (node, value) => {
    if (!isOp(node, GATE_OPS) || node.inputs[0] !== value) return false;
    return scalesMainBranch(ix, node.outputs[0] ?? '', output);
  });
}

/**
 * `se_reduce` (second half): the layer's output reaches, through shape-only/constant-offset ops and at most one
 * activation, the data input of a node accepted by `isExpand`.
 */
export function leadsTo(ix: GraphIndex, output: string, isExpand: (node: Node, value: string) => boolean): boolean {
  return someForward(ix, output, isExpand);
}

/** `se_reduce` (first half): the input comes, through shape-only ops, from a global average over spatial axes. */
export function readsGlobalAverage(ix: GraphIndex, input: string): boolean {
  const seen = new Set<string>();
  let current = input;
  while (!seen.has(current)) {
    seen.add(current);
    const node = ix.producer.get(current);
    if (!node || !isDefaultDomain(node)) return false;
    if (node.opType === 'GlobalAveragePool') return true;
    if (node.opType === 'ReduceMean') return reducesSpatialAxes(ix, node);
    if (!SHAPE_ONLY_OPS.has(node.opType)) return false;
    current = node.inputs[0] ?? '';
  }
  return false;
}

/** Axes from the attribute (opset < 18) or a constant second input (opset 18); all of them past N and C. */
function reducesSpatialAxes(ix: GraphIndex, node: Node): boolean {
  const axes = reduceAxes(ix, node);
  return axes !== undefined && axes.length > 0 && axes.every((a) => a >= 2 || a < 0);
}

function reduceAxes(ix: GraphIndex, node: Node): number[] | undefined {
  const attr = node.attributes['axes'];
  if (attr && attr.type === 'ints') return attr.value;
  const axesInput = node.inputs[1];
  if (!axesInput) return undefined;
  const source = throughIdentities(ix, axesInput);
  const tensor = ix.initializers.get(source) ?? ix.constants.get(source);
  if (!tensor) return undefined;
  return Array.from(tensor.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** The gate (through shape-only/constant ops, e.g. a view to N,C,1,1) multiplies a value not derived from `origin`. */
function scalesMainBranch(ix: GraphIndex, gate: string, origin: string): boolean {
  return (
    depthFirst(gate, (value, next) => {
      for (const node of consumersOf(ix, value)) {
        if (node.opType === 'Mul' && isDefaultDomain(node) && node.inputs.length === 2) {
          const other = node.inputs[0] === value ? node.inputs[1]! : node.inputs[0]!;
          if (!isConstant(ix, other) && !dependsOn(ix, other, origin)) return true;
        }
        const out = passThrough(ix, node, value);
        if (out !== undefined) next(out);
      }
      return undefined;
    }) ?? false
  );
}

/**
 * Depth-first walk from `start` through shape-only/constant-offset ops and at most one activation; true as soon
 * as `accept(consumer, value)` holds for a consumer of a visited value.
 */
function someForward(ix: GraphIndex, start: string, accept: (node: Node, value: string) => boolean): boolean {
  const found = depthFirst<[string, number], true>(
    [start, 0],
    ([value, activations], next) => {
      for (const node of consumersOf(ix, value)) {
        if (accept(node, value)) return true;
        const out = passThrough(ix, node, value);
        if (out !== undefined) next([out, activations]);
      }
      if (activations === 0) for (const out of activationOutputs(ix, value)) next([out, 1]);
      return undefined;
    },
    ([value, activations]) => `${activations}:${value}`,
  );
  return found ?? false;
}
