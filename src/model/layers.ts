/**
 * Graph -> layers (docs/design.md section 4). Order of the rules: weighted nodes (layer-tensors.ts) with the conv/SE/
 * pointwise primitives (primitive.ts) and Gather tables by their indices (direct-params.ts); decomposed norms
 * (norm-decomposed.ts); attention roles (attention.ts, attention-roles.ts) with fused q/k/v parts (qkv-parts.ts); MLP
 * roles (mlp-roles.ts); then every float tensor still unclaimed becomes a layer of its own at its first reader
 * (direct-params.ts); tied token table + head merge into one layer; blocks last (blocks.ts). Roles come from the graph
 * only: weights are never read (deferred reads give the same layers).
 */
import type { Graph, Model, Node, Tensor } from '../onnx/types.js';
import type { Layer } from './types.js';
import { indexGraph } from './graph-index.js';
import type { GraphIndex } from './graph-index.js';
import { layerTensors, NORM_OPS } from './layer-tensors.js';
import { uniqueLayerNames } from './layer-names.js';
import { classifyPrimitives } from './primitive.js';
import type { LayerNode } from './primitive.js';
import { elementCount } from '../util/element-count.js';
import type { Candidate } from './candidate.js';
import { isProjection } from './candidate.js';
import { findDecomposedNorms } from './norm-decomposed.js';
import { findAttentions } from './attention.js';
import { attentionRoles } from './attention-roles.js';
import { mlpRoles } from './mlp-roles.js';
import { qkvParts } from './qkv-parts.js';
import { directRole, gatherRole } from './direct-params.js';
import { assignBlocks } from './blocks.js';
import { floatTensor } from './parent-path.js';
import { statisticTensors } from './norm-statistics.js';
import { readInt } from './attributes.js';
import { isGeneratedName } from './match.js';

/**
 * The layers of a model in topological order (docs/design.md section 4), each with its primitive: every float
 * tensor with more than one element that the graph reads is in exactly one layer, either a rule's (weighted node,
 * decomposed norm) or one of its own (a direct parameter: position table, special token, layer scale, or `param`).
 * BatchNormalization's running statistics are not parameters and belong to no layer.
 */
export function extractLayers(model: Model): Layer[] {
  return extractGraphLayers(model.graph);
}

export function extractGraphLayers(graph: Graph): Layer[] {
  const ix = indexGraph(graph);
  const candidates = nodeLayers(ix);
  const normOutputs = new Map<Candidate, string>();
  for (const c of candidates) if (NORM_OPS.has(c.node.opType)) normOutputs.set(c, c.node.outputs[0] ?? '');
  for (const norm of findDecomposedNorms(ix)) {
    const c: Candidate = {
      node: norm.node,
      slot: norm.slot,
      weight: norm.gamma,
      extras: norm.beta ? [norm.beta] : [],
      transposed: false,
      primitive: 'norm',
      name: norm.node.name,
    };
    candidates.push(c);
    normOutputs.set(c, norm.output);
  }

  const attentions = findAttentions(ix);
  const projections = new Map(candidates.filter((c) => isProjection(c) && !c.primitive.startsWith('se_')).map((c) => [c.node, c]));
  const { roles } = attentionRoles(ix, attentions, projections);
  for (const [node, role] of roles) {
    const c = projections.get(node)!;
    c.primitive = role.role;
    if (role.splits) {
      const parts = qkvParts(ix, role.splits, c.weight, outputAxis(c), c.extras[0]);
      if (parts) c.parts = parts;
    }
  }
  const mlp = mlpRoles(ix, projections, new Set(roles.keys()), new Set(normOutputs.values()));
  for (const [node, role] of mlp) projections.get(node)!.primitive = role;

  candidates.push(...directParameters(ix, candidates));
  candidates.sort((a, b) => ix.position.get(a.node)! - ix.position.get(b.node)! || a.slot - b.slot);
  const names = uniqueLayerNames(candidates.map((c) => ({ name: c.name, opType: c.node.opType, index: ix.position.get(c.node)! })));
  candidates.forEach((c, i) => (c.name = names[i]!));
  const kept = mergeTiedWeights(candidates);

  const softmaxAt = attentions.map((a) => ix.position.get(a.softmax)!);
  const blocks = assignBlocks(
    ix,
    kept.map((c) => {
      const index = ix.position.get(c.node)!;
      const role = roles.get(c.node);
      let attention = role?.attention;
      if (attention === undefined && (c.primitive.startsWith('mlp_') || c.primitive === 'layer_scale')) {
        const before = softmaxAt.filter((p) => p < index).length;
        if (before > 0) attention = before - 1;
      }
      const normOutput = normOutputs.get(c);
      return { candidate: c, index, ...(attention !== undefined ? { attention } : {}), ...(normOutput !== undefined ? { normOutput } : {}) };
    }),
    attentions.length,
  );
  return kept.map((c, depth) => toLayer(ix, c, depth, attentions.length > 0 ? blocks[depth]! : undefined));
}

/** Weighted nodes (layer-tensors.ts) with today's primitive rules; a Gather's table classified by its indices. */
function nodeLayers(ix: GraphIndex): Candidate[] {
  const found: LayerNode[] = [];
  for (const node of ix.order) {
    const tensors = layerTensors(ix, node);
    if (tensors) found.push({ node, tensors });
  }
  const primitives = classifyPrimitives(ix, found);
  return found.map(({ node, tensors }, i) => ({
    node,
    slot: tensors.slot,
    weight: tensors.weight,
    extras: tensors.extras,
    transposed: tensors.transposed ?? false,
    primitive: node.opType === 'Gather' ? gatherRole(ix, node) : primitives[i]!,
    name: node.name,
  }));
}

/** The axis of the stored weight that indexes output features: 0 for [out, in], 1 for [in, out]. */
function outputAxis(c: Candidate): 0 | 1 {
  const rowsAreOutputs = c.node.opType === 'Gemm' ? readInt(c.node, 'transB', 0) === 1 : false;
  return rowsAreOutputs !== c.transposed ? 0 : 1;
}

/** Every float tensor of more than one element that no layer holds: a layer of its own, at its first reader. */
function directParameters(ix: GraphIndex, layers: readonly Candidate[]): Candidate[] {
  const claimed = new Set<Tensor>([...layers.flatMap((c) => [c.weight, ...c.extras]), ...statisticTensors(ix)]);
  const layerNodes = new Set<Node>(layers.map((c) => c.node));
  const out: Candidate[] = [];
  for (const node of ix.order) {
    if (node.opType === 'Identity' || node.opType === 'Cast') continue;
    node.inputs.forEach((input, slot) => {
      const tensor = floatTensor(ix, input);
      if (!tensor || claimed.has(tensor) || elementCount(tensor.dims) <= 1) return;
      claimed.add(tensor);
      const generated = isGeneratedName(tensor.name) || ix.constants.has(tensor.name);
      out.push({
        node,
        slot,
        weight: tensor,
        extras: [],
        transposed: false,
        primitive: directRole(ix, tensor, node, slot, (n) => layerNodes.has(n)),
        name: generated ? `${node.name || `${node.opType}_${ix.position.get(node)}`}:${slot}` : tensor.name,
      });
    });
  }
  return out;
}

/**
 * One tensor read both as a token table (Gather, `embedding`) and as a projection weight (the tied LM head): one
 * layer, the embedding, with tiedWith naming the projection's layer.
 */
function mergeTiedWeights(candidates: Candidate[]): Candidate[] {
  const dropped = new Set<Candidate>();
  for (const table of candidates) {
    if (table.node.opType !== 'Gather' || table.primitive !== 'embedding') continue;
    const heads = candidates.filter((c) => c !== table && c.weight === table.weight && isProjection(c));
    if (heads.length === 0) continue;
    heads.forEach((h) => dropped.add(h));
    table.tiedWith = heads.map((h) => h.name).join(', ');
  }
  return candidates.filter((c) => !dropped.has(c));
}

function toLayer(ix: GraphIndex, c: Candidate, depth: number, block: number | null | undefined): Layer {
  const index = ix.position.get(c.node)!;
  const shape = [...c.weight.dims];
  const params = elementCount(shape);
  return {
    name: c.name,
    index,
    depth,
    op: c.node.opType,
    primitive: c.primitive,
    weight: c.weight.name,
    extras: c.extras.map((t) => t.name),
    tensors: [c.weight.name, ...c.extras.map((t) => t.name)],
    shape,
    params,
    paramsAll: params + c.extras.reduce((sum, t) => sum + elementCount(t.dims), 0),
    structuralKey: `${index}:${c.node.opType}:${c.slot}:${shape.join('x')}`,
    ...(block !== undefined ? { block } : {}),
    ...(c.tiedWith !== undefined ? { tiedWith: c.tiedWith } : {}),
    ...(c.parts ? { parts: c.parts } : {}),
  };
}
