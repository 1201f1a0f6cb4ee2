/**
 * What the artifact builder needs to know about a forward model: its batch input (first dim made the symbolic
 * `batch`), its logits output and class count, its parameters (float32 initializers), buffers (BatchNorm running
 * statistics) and constants (other initializers), nodes in topological order with unique names, static shapes.
 */
import { InputError } from '../../errors.js';
import { DataType, FLOAT_DTYPES, type Dim, type Model, type Node, type Tensor, type ValueInfo } from '../../onnx/types.js';
import { inferShapes, type ShapeInfo } from '../../graph/shapes.js';
import { topoOrder } from '../../model/topo.js';
import { isDefaultDomain } from '../../model/domain.js';

export interface ForwardInfo {
  /** Default-domain opset of the forward model. */
  opset: number;
  /** Other opset imports, kept in the generated models. */
  otherOpsets: Model['opsetImports'];
  input: ValueInfo & { shape: Dim[] };
  logits: string;
  numClasses: number;
  /** float32 initializers that are not buffers, in initializer order. */
  params: Tensor[];
  /** BatchNormalization running mean / variance initializers. */
  buffers: Tensor[];
  /** Every other initializer (integer shapes, indices, ...). */
  constants: Tensor[];
  nodes: Node[];
  shapes: ShapeInfo;
}

function uniqueNodeNames(nodes: Node[]): Node[] {
  const seen = new Set<string>();
  return nodes.map((n, i) => {
    let name = n.name === '' ? `${n.opType}_${i}` : n.name;
    for (let k = 1; seen.has(name); k++) name = `${n.name || n.opType}_${i}_${k}`;
    seen.add(name);
    return name === n.name ? n : { ...n, name };
  });
}

export function analyzeForward(model: Model, label: string): ForwardInfo {
  const g = model.graph;
  const initializerNames = new Set(g.initializers.map((t) => t.name));
  const dataInputs = g.inputs.filter((v) => !initializerNames.has(v.name));
  if (dataInputs.length !== 1) {
    throw new InputError(`${label}: expected exactly one data input (the batch), found ${dataInputs.length} (${dataInputs.map((v) => v.name).join(', ')})`);
  }
  const declared = dataInputs[0]!;
  if (declared.elemType !== DataType.FLOAT || declared.shape === null || declared.shape.length < 2) {
    throw new InputError(`${label}: input ${declared.name} must be a float32 tensor of rank >= 2 with a declared shape`);
  }
  const rest = declared.shape.slice(1);
  if (!rest.every((d) => typeof d === 'number' && d > 0)) {
    throw new InputError(`${label}: input ${declared.name} needs static dims after the batch dim, got [${declared.shape.join(', ')}]`);
  }
  const input = { ...declared, shape: ['batch', ...rest] as Dim[] };
  if (g.outputs.length === 0) throw new InputError(`${label}: the model has no output`);

  const bufferNames = new Set<string>();
  for (const n of g.nodes) {
    if (n.opType !== 'BatchNormalization') continue;
    for (const slot of [3, 4]) if (n.inputs[slot] && initializerNames.has(n.inputs[slot]!)) bufferNames.add(n.inputs[slot]!);
  }
  const params: Tensor[] = [], buffers: Tensor[] = [], constants: Tensor[] = [];
  for (const t of g.initializers) {
    if (FLOAT_DTYPES.has(t.dataType) && t.dataType !== DataType.FLOAT) {
      throw new InputError(`${label}: initializer ${t.name} is not float32; only float32 models can be trained`);
    }
    if (t.dataType !== DataType.FLOAT) constants.push(t);
    else if (bufferNames.has(t.name)) buffers.push(t);
    else params.push(t);
  }

  const nodes = uniqueNodeNames(topoOrder(g));
  const withBatch: Model = {
    ...model,
    graph: { ...g, nodes, inputs: g.inputs.map((v) => (v.name === input.name ? input : v)), valueInfo: [], outputs: [] },
  };
  const shapes = inferShapes(withBatch.graph);
  const logits = g.outputs[0]!.name;
  const declaredLogits = g.outputs[0]!.shape;
  const logitsShape = shapes.types.get(logits)?.shape ?? (declaredLogits && ['batch', ...declaredLogits.slice(1)]);
  const numClasses = logitsShape?.[1];
  if (!logitsShape || logitsShape.length !== 2 || typeof numClasses !== 'number') {
    throw new InputError(`${label}: output ${logits} must be logits of shape [batch, classes]; inferred [${logitsShape?.join(', ') ?? 'unknown'}]`);
  }
  const defaultOpset = model.opsetImports.find(isDefaultDomain)?.version ?? 17;
  return {
    opset: defaultOpset,
    otherOpsets: model.opsetImports.filter((o) => !isDefaultDomain(o)),
    input,
    logits,
    numClasses,
    params,
    buffers,
    constants,
    nodes,
    shapes,
  };
}
