import type { Graph, Node, Tensor } from '../onnx/types.js';
import { topoOrder } from './topo.js';
import { isDefaultDomain } from './domain.js';

/** Lookups over one graph that the layer extraction and the primitive rules share. */
export interface GraphIndex {
  graph: Graph;
  /** Nodes in topological order. */
  order: Node[];
  /** Node -> its position in `order`. */
  position: Map<Node, number>;
  /** Value name -> the node producing it. */
  producer: Map<string, Node>;
  /** Value name -> the nodes reading it as an input, in topological order. */
  consumers: Map<string, Node[]>;
  initializers: Map<string, Tensor>;
}

export function indexGraph(graph: Graph): GraphIndex {
  const order = topoOrder(graph);
  const position = new Map<Node, number>();
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  order.forEach((node, i) => {
    position.set(node, i);
    for (const out of node.outputs) if (out !== '') producer.set(out, node);
    for (const input of new Set(node.inputs)) {
      if (input === '') continue;
      const list = consumers.get(input);
      if (list) list.push(node);
      else consumers.set(input, [node]);
    }
  });
  const initializers = new Map(graph.initializers.map((t) => [t.name, t] as const));
  return { graph, order, position, producer, consumers, initializers };
}

export function consumersOf(ix: GraphIndex, value: string): Node[] {
  return ix.consumers.get(value) ?? [];
}

/** Follows a chain of Identity nodes upwards: the value an Identity-routed input really comes from. */
export function throughIdentities(ix: GraphIndex, value: string): string {
  const seen = new Set<string>();
  let current = value;
  for (;;) {
    const node = ix.producer.get(current);
    if (!node || node.opType !== 'Identity' || !isDefaultDomain(node) || seen.has(current)) return current;
    seen.add(current);
    current = node.inputs[0] ?? '';
  }
}

/** The initializer an input reads, directly or through Identity nodes; undefined when it is computed. */
export function initializerOf(ix: GraphIndex, value: string): Tensor | undefined {
  if (value === '') return undefined;
  return ix.initializers.get(throughIdentities(ix, value));
}

/** True when the value is fixed by the file: an initializer or a Constant node's output (through Identities). */
export function isConstant(ix: GraphIndex, value: string): boolean {
  if (value === '') return false;
  const source = throughIdentities(ix, value);
  if (ix.initializers.has(source)) return true;
  const node = ix.producer.get(source);
  return node !== undefined && node.opType === 'Constant' && isDefaultDomain(node);
}
