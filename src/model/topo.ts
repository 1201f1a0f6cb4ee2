import { InputError } from '../errors.js';
import type { Graph, Node } from '../onnx/types.js';
import { MinHeap } from './min-heap.js';
import { nodeDependencies } from './node-inputs.js';

/**
 * A deterministic topological order of the graph's nodes (Kahn's algorithm). Among nodes that are ready at the
 * same time the one listed first in the file goes first, so an already sorted graph keeps its order. Graph inputs,
 * initializers and values nobody produces are sources. A cycle, or a value produced by two nodes, is an InputError.
 */
export function topoOrder(graph: Graph): Node[] {
  return topoIndices(graph).map((i) => graph.nodes[i]!);
}

/** Like topoOrder, as positions into `graph.nodes`. */
export function topoIndices(graph: Graph): number[] {
  const nodes = graph.nodes;
  const producer = producerIndex(graph);
  const dependents: number[][] = nodes.map(() => []);
  const pending = nodes.map((node, i) => {
    const producers = new Set<number>();
    for (const dep of nodeDependencies(node)) {
      const p = producer.get(dep);
      if (p !== undefined) producers.add(p);
    }
    for (const p of producers) dependents[p]!.push(i);
    return producers.size;
  });

  const ready = new MinHeap();
  pending.forEach((count, i) => {
    if (count === 0) ready.push(i);
  });
  const order: number[] = [];
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    order.push(i);
    for (const d of dependents[i]!) {
      pending[d]! -= 1;
      if (pending[d] === 0) ready.push(d);
    }
  }
  if (order.length < nodes.length) throw cycleError(graph, pending, producer);
  return order;
}

function producerIndex(graph: Graph): Map<string, number> {
  const producer = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    for (const out of node.outputs) {
      if (out === '') continue;
      const other = producer.get(out);
      if (other !== undefined) {
        throw new InputError(
          `graph '${graph.name}': value '${out}' is produced by two nodes, ${describe(graph.nodes[other]!)} and ${describe(node)}`,
        );
      }
      producer.set(out, i);
    }
  });
  return producer;
}

/** Walks back through unsorted predecessors from an unsorted node until one repeats: that node is on a cycle. */
function cycleError(graph: Graph, pending: number[], producer: Map<string, number>): InputError {
  let current = pending.findIndex((count) => count > 0);
  const seen = new Set<number>();
  while (!seen.has(current)) {
    seen.add(current);
    const deps = nodeDependencies(graph.nodes[current]!);
    const next = deps.map((d) => producer.get(d)).find((p) => p !== undefined && pending[p]! > 0);
    if (next === undefined) break;
    current = next;
  }
  return new InputError(`graph '${graph.name}' has a cycle through node ${describe(graph.nodes[current]!)}`);
}

function describe(node: Node): string {
  return node.name === '' ? `(unnamed ${node.opType})` : `'${node.name}' (${node.opType})`;
}
