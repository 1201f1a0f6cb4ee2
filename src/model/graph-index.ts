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
  /** Value name -> the tensor of the Constant node producing it, renamed to that value (docs/design.md section 3). */
  constants: Map<string, Tensor>;
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
  const constants = new Map<string, Tensor>();
  for (const node of order) {
    const value = node.attributes['value'];
    const out = node.outputs[0];
    if (node.opType === 'Constant' && isDefaultDomain(node) && value?.type === 'tensor' && out) {
      constants.set(out, { ...value.value, name: out });
    }
  }
  return { graph, order, position, producer, consumers, initializers, constants };
}

/**
 * Depth-first search from `start`: each state (a value name, or a value with what the walk carries, told apart by
 * `key`) is visited once, last pushed first. `visit` returns a result to stop with, or undefined after handing the
 * states to go on to to `next`. The one traversal under every walk of the model stage.
 */
export function depthFirst<S, T>(
  start: S,
  visit: (state: S, next: (state: S) => void) => T | undefined,
  key: (state: S) => string = String,
): T | undefined {
  const seen = new Set<string>();
  const stack = [start];
  const next = (state: S) => {
    stack.push(state);
  };
  while (stack.length > 0) {
    const state = stack.pop()!;
    const k = key(state);
    if (seen.has(k)) continue;
    seen.add(k);
    const found = visit(state, next);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function consumersOf(ix: GraphIndex, value: string): Node[] {
  return ix.consumers.get(value) ?? [];
}

/** Follows a chain of Identity nodes upwards: the value an Identity-routed input really comes from. */
export function throughIdentities(ix: GraphIndex, value: string, through: ReadonlySet<string> = IDENTITY): string {
  const seen = new Set<string>();
  let current = value;
  for (;;) {
    const node = ix.producer.get(current);
    if (!node || !through.has(node.opType) || !isDefaultDomain(node) || seen.has(current)) return current;
    seen.add(current);
    current = node.inputs[0] ?? '';
  }
}

const IDENTITY: ReadonlySet<string> = new Set(['Identity']);
/** Exporters route weights through Identity, and through Cast when they store them in another dtype. */
const WEIGHT_ROUTES: ReadonlySet<string> = new Set(['Identity', 'Cast']);

/**
 * The stored tensor an input reads: an initializer or a Constant node's value, directly or through Identity/Cast
 * nodes; undefined when it is computed.
 */
export function initializerOf(ix: GraphIndex, value: string): Tensor | undefined {
  if (value === '') return undefined;
  const source = throughIdentities(ix, value, WEIGHT_ROUTES);
  return ix.initializers.get(source) ?? ix.constants.get(source);
}

/** True when the value is fixed by the file: an initializer or a Constant node's output (through Identities). */
export function isConstant(ix: GraphIndex, value: string): boolean {
  if (value === '') return false;
  const source = throughIdentities(ix, value);
  if (ix.initializers.has(source)) return true;
  const node = ix.producer.get(source);
  return node !== undefined && node.opType === 'Constant' && isDefaultDomain(node);
}
