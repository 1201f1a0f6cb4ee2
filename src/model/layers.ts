import type { Graph, Model } from '../onnx/types.js';
import type { Layer } from './types.js';
import { indexGraph } from './graph-index.js';
import { layerTensors } from './layer-tensors.js';
import { uniqueLayerNames } from './layer-names.js';
import { classifyPrimitives } from './primitive.js';
import type { LayerNode } from './primitive.js';
import { elementCount } from '../util/element-count.js';

/** The weighted layers of a model in topological order (docs/design.md section 4), each with its primitive. */
export function extractLayers(model: Model): Layer[] {
  return extractGraphLayers(model.graph);
}

export function extractGraphLayers(graph: Graph): Layer[] {
  const ix = indexGraph(graph);
  const found: LayerNode[] = [];
  for (const node of ix.order) {
    const tensors = layerTensors(ix, node);
    if (tensors) found.push({ node, tensors });
  }
  const primitives = classifyPrimitives(ix, found);
  const names = uniqueLayerNames(
    found.map(({ node }) => ({ name: node.name, opType: node.opType, index: ix.position.get(node)! })),
  );
  return found.map(({ node, tensors }, depth): Layer => {
    const index = ix.position.get(node)!;
    const shape = [...tensors.weight.dims];
    const params = elementCount(shape);
    return {
      name: names[depth]!,
      index,
      depth,
      op: node.opType,
      primitive: primitives[depth]!,
      weight: tensors.weight.name,
      extras: tensors.extras.map((t) => t.name),
      tensors: [tensors.weight.name, ...tensors.extras.map((t) => t.name)],
      shape,
      params,
      paramsAll: params + tensors.extras.reduce((sum, t) => sum + elementCount(t.dims), 0),
      structuralKey: `${index}:${node.opType}:${tensors.slot}:${shape.join('x')}`,
    };
  });
}
