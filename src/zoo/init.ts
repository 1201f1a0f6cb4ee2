/**
 * Weight initialization schemes, seeded and reproducible (one mulberry32 stream per call, drawn through the
 * initializers in graph order; normals by Box-Muller).
 *
 * - `kaiming-uniform` — PyTorch's default for Conv and Linear layers (`kaiming_uniform_(w, a=sqrt(5))`): every
 *   weight from U(-b, b) with b = gain * sqrt(3 / fan_in), gain = sqrt(2 / (1 + 5)), i.e. b = 1 / sqrt(fan_in);
 *   biases from U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with the fan_in of the layer's weight.
 * - `kaiming-normal` — He et al.: weights from N(0, 2 / fan_in) (fan_in mode, ReLU gain), biases 0.
 * - both: BatchNormalization scale 1, shift 0, running mean 0, running variance 1.
 *
 * fan_in: Conv/ConvTranspose weight [M, C/g, k...] -> C/g * prod(k) (as PyTorch computes it); Gemm weight -> its
 * input size (dims[1] with transB=1 as PyTorch's Linear exports, else dims[0]); a MatMul initializer B [.., K, N]
 * -> K. A bias is the Conv/Gemm input 2, or an initializer added (Add) to the output of such a layer (PyTorch's
 * MatMul + Add export of Linear). Other initializers keep their values.
 */
import { mulberry32, normalSampler } from '../util/random.js';
import { elementCount } from '../util/element-count.js';
import { DataType, type Model, type Node, type Tensor } from '../onnx/types.js';
import { readInt } from '../graph/attrs.js';

export type InitScheme = 'kaiming-uniform' | 'kaiming-normal';

type Role =
  | { kind: 'weight'; fanIn: number }
  | { kind: 'bias'; fanIn: number }
  | { kind: 'constant'; value: number };

function weightFanIn(node: Node, slot: number, dims: number[]): number | undefined {
  switch (node.opType) {
    case 'Conv':
    case 'ConvTranspose':
      return slot === 1 && dims.length >= 2 ? dims[1]! * elementCount(dims.slice(2)) : undefined;
    case 'Gemm':
      if (slot !== 1 || dims.length !== 2) return undefined;
      return readInt(node, 'transB', 0) === 1 ? dims[1] : dims[0];
    case 'MatMul':
      return slot === 1 && dims.length >= 2 ? dims[dims.length - 2] : undefined;
    default:
      return undefined;
  }
}

/** What each float initializer is, by the node consuming it. */
function initializerRoles(model: Model): Map<string, Role> {
  const { graph } = model;
  const dims = new Map(graph.initializers.map((t) => [t.name, t.dims]));
  const roles = new Map<string, Role>();
  const layerFanIn = new Map<string, number>(); // layer output -> fan_in of its weight
  for (const node of graph.nodes) {
    node.inputs.forEach((input, slot) => {
      const d = dims.get(input);
      if (d === undefined || roles.has(input)) return;
      const fanIn = weightFanIn(node, slot, d);
      if (fanIn !== undefined) {
        roles.set(input, { kind: 'weight', fanIn });
        if (node.outputs[0]) layerFanIn.set(node.outputs[0], fanIn);
      }
    });
  }
  for (const node of graph.nodes) {
    if (node.opType === 'Conv' || node.opType === 'Gemm' || node.opType === 'ConvTranspose') {
      const bias = node.inputs[2];
      const weight = roles.get(node.inputs[1] ?? '');
      if (bias && dims.has(bias) && weight?.kind === 'weight') roles.set(bias, { kind: 'bias', fanIn: weight.fanIn });
    }
    if (node.opType === 'BatchNormalization') {
      [1, 0, 0, 1].forEach((value, k) => {
        const name = node.inputs[k + 1];
        if (name && dims.has(name)) roles.set(name, { kind: 'constant', value });
      });
    }
    if (node.opType === 'Add' && node.inputs.length === 2) {
      const [a, b] = node.inputs as [string, string];
      const [bias, layer] = dims.has(a) ? [a, b] : [b, a];
      const fanIn = layerFanIn.get(layer);
      if (dims.has(bias) && !roles.has(bias) && fanIn !== undefined) roles.set(bias, { kind: 'bias', fanIn });
    }
  }
  return roles;
}

/** New values for every initializer the scheme covers (FLOAT tensors only), by name. */
export function schemeValues(model: Model, scheme: InitScheme, seed: number): Map<string, Float32Array> {
  const roles = initializerRoles(model);
  const uniform = mulberry32(seed);
  const normal = normalSampler(uniform);
  const values = new Map<string, Float32Array>();
  for (const t of model.graph.initializers) {
    const role = roles.get(t.name);
    if (role === undefined || t.dataType !== DataType.FLOAT) continue;
    const n = elementCount(t.dims);
    const data = new Float32Array(n);
    if (role.kind === 'constant') data.fill(role.value);
    else if (scheme === 'kaiming-uniform') {
      const bound = 1 / Math.sqrt(role.fanIn);
      for (let i = 0; i < n; i++) data[i] = (2 * uniform() - 1) * bound;
    } else if (role.kind === 'weight') {
      const std = Math.sqrt(2 / role.fanIn);
      for (let i = 0; i < n; i++) data[i] = normal() * std;
    }
    values.set(t.name, data);
  }
  return values;
}

/** A copy of `model` whose weights, biases and norm tensors are initialized by `scheme`. */
export function initializeModel(model: Model, scheme: InitScheme, seed: number): Model {
  const values = schemeValues(model, scheme, seed);
  const initializers = model.graph.initializers.map((t): Tensor => {
    const v = values.get(t.name);
    return v === undefined ? t : { ...t, dims: [...t.dims], data: v };
  });
  return { ...model, graph: { ...model.graph, initializers } };
}
