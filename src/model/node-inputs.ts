import type { Graph, Node } from '../onnx/types.js';

/**
 * Every value a node reads: its own non-empty inputs plus the outer-scope values its subgraphs (If/Loop/Scan
 * bodies) refer to. The latter are real dependencies for ordering even though they are not listed as inputs.
 */
export function nodeDependencies(node: Node): string[] {
  const deps = node.inputs.filter((name) => name !== '');
  for (const attr of Object.values(node.attributes)) {
    if (attr.type === 'graph') deps.push(...outerReferences(attr.value));
  }
  return deps;
}

/** Names a subgraph uses that it does not define itself (its inputs, initializers and node outputs). */
export function outerReferences(graph: Graph): string[] {
  const defined = new Set<string>([
    ...graph.inputs.map((v) => v.name),
    ...graph.initializers.map((t) => t.name),
  ]);
  for (const node of graph.nodes) for (const out of node.outputs) defined.add(out);
  const outer = new Set<string>();
  for (const node of graph.nodes) {
    for (const dep of nodeDependencies(node)) if (!defined.has(dep)) outer.add(dep);
  }
  return [...outer];
}
