/** Topological order of a graph's nodes (inputs before consumers), stable with respect to the stored order. */
import { InputError } from '../../errors.js';
import type { Graph, Node } from '../../onnx/types.js';

export function topologicalOrder(graph: Graph): Node[] {
  const producer = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.outputs.forEach((o) => o !== '' && producer.set(o, i)));
  const pending = graph.nodes.map((n) => new Set(n.inputs.filter((x) => x !== '' && producer.has(x)).map((x) => producer.get(x)!)));
  const consumers = graph.nodes.map(() => [] as number[]);
  pending.forEach((deps, i) => deps.forEach((d) => consumers[d]!.push(i)));
  const ready: number[] = [];
  pending.forEach((deps, i) => deps.size === 0 && ready.push(i));
  const order: Node[] = [];
  const done = new Set<number>();
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift()!;
    done.add(i);
    order.push(graph.nodes[i]!);
    for (const c of consumers[i]!) {
      const deps = pending[c]!;
      deps.delete(i);
      if (deps.size === 0 && !done.has(c) && !ready.includes(c)) ready.push(c);
    }
  }
  if (order.length !== graph.nodes.length) {
    const stuck = graph.nodes.find((_, i) => !done.has(i))!;
    throw new InputError(`graph ${graph.name}: cycle through node ${stuck.name || stuck.opType}`);
  }
  return order;
}
