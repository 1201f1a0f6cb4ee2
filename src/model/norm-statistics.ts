/**
 * BatchNorm running means and variances (docs/design.md section 4): the norm's state, not parameters, so in no
 * layer and not counted as parameter tensors. In a graph, the tensors BatchNormalization reads as inputs 3 and 4
 * (through Identity/Cast); without one, tensors named `running_mean` / `running_var`.
 */
import type { Graph, Tensor } from '../onnx/types.js';
import { indexGraph, type GraphIndex } from './graph-index.js';
import { floatTensor } from './parent-path.js';

export const BATCHNORM_STATISTIC = /(^|\.)running_(mean|var)$/;

export function statisticTensors(ix: GraphIndex): Tensor[] {
  const out: Tensor[] = [];
  for (const node of ix.order) {
    if (node.opType !== 'BatchNormalization') continue;
    for (const slot of [3, 4]) {
      const stat = floatTensor(ix, node.inputs[slot]);
      if (stat) out.push(stat);
    }
  }
  return out;
}

/** The statistics' tensor names, from the graph when there is one, else from the names. */
export function normStatistics(index: { graph?: Graph; tensors: ReadonlyMap<string, unknown> }): Set<string> {
  if (index.graph) return new Set(statisticTensors(indexGraph(index.graph)).map((t) => t.name));
  return new Set([...index.tensors.keys()].filter((name) => BATCHNORM_STATISTIC.test(name)));
}
