/**
 * The K-step training model: an ONNX Loop whose body is the training model's step, run over K stacked batches in
 * one session.run. Parameters, buffers and optimizer state are loop-carried, so between the K steps they stay
 * inside onnxruntime (on CUDA they stay on the device); only the final values come back.
 *
 *   inputs:  the training model's parameters, buffers and state; `input` [K, batch, ...]; `labels` [K, batch];
 *            `lr`; `step` (the 1-based step of the first batch; batch j runs as step + j)
 *   outputs: the training model's updated tensors after the K steps (same names), `loss` [K], `correct` [K]
 *
 * The body runs the training model's own nodes, so K steps here give what K calls of the training model give.
 * K is the leading dimension of `labels` and may change from call to call (an epoch's last, shorter group).
 */
import { DataType, type Graph, type Model, type Node, type ValueInfo } from '../onnx/types.js';
import { int64Tensor } from '../graph/tensors.js';
import type { ArtifactsContract } from './types.js';

/** Prefix of the names local to the loop body (the outer graph keeps the training model's names). */
const LOCAL = 'step.';

/** Stacked input bytes the driver aims at when it picks K (per call: K batches of images). */
export const STACK_BYTES = 64 * 2 ** 20;

/** K for `batch` samples of `sampleFloats` floats: as many steps as fit STACK_BYTES of stacked input, 1 to `most`. */
export function stepsPerRunFor(batch: number, sampleFloats: number, most: number): number {
  return Math.max(1, Math.min(most, Math.floor(STACK_BYTES / (4 * batch * sampleFloats))));
}

export function buildMultiStepModel(training: Model, contract: ArtifactsContract): Model {
  const g = training.graph;
  const carried = [...contract.params.map((p) => ({ name: p.name, updated: p.updatedName })), ...contract.state.map((s) => ({ name: s.name, updated: s.updatedName }))];
  const outerNames = new Set([...g.initializers.map((t) => t.name), contract.lr]);
  const local = (name: string) => (name === '' || outerNames.has(name) ? name : `${LOCAL}${name}`);
  const inputInfo = new Map(g.inputs.map((v) => [v.name, v]));
  const outputInfo = new Map(g.outputs.map((v) => [v.name, v]));

  const iteration = `${LOCAL}iteration`;
  const condIn = `${LOCAL}cond`;
  const stepNodes: Node[] = [
    node('Gather', [contract.input.name, iteration], [local(contract.input.name)], 'step.input', { axis: { type: 'int', value: 0 } }),
    node('Gather', [contract.labels.name, iteration], [local(contract.labels.name)], 'step.labels', { axis: { type: 'int', value: 0 } }),
    node('Add', [contract.step, iteration], [local(contract.step)], 'step.count'),
    node('Identity', [condIn], [`${LOCAL}condOut`], 'step.cond'),
  ];
  const body: Graph = {
    name: 'training_step',
    nodes: [...stepNodes, ...g.nodes.map((n) => ({ ...n, inputs: n.inputs.map(local), outputs: n.outputs.map(local) }))],
    inputs: [
      { name: iteration, elemType: DataType.INT64, shape: [] },
      { name: condIn, elemType: DataType.BOOL, shape: [] },
      ...carried.map((c) => ({ ...inputInfo.get(c.name)!, name: local(c.name) })),
    ],
    outputs: [
      { name: `${LOCAL}condOut`, elemType: DataType.BOOL, shape: [] },
      ...carried.map((c) => ({ ...outputInfo.get(c.updated)!, name: local(c.updated) })),
      { ...outputInfo.get(contract.loss_output)!, name: local(contract.loss_output) },
      { ...outputInfo.get(contract.correct_output)!, name: local(contract.correct_output) },
    ],
    initializers: [],
    valueInfo: g.valueInfo.map((v) => ({ ...v, name: local(v.name) })),
  };

  const stacked = (v: ValueInfo): ValueInfo => ({ ...v, shape: v.shape === null ? null : ['steps', ...v.shape] });
  const tripShape = 'multi.labelsShape';
  const trips = 'multi.trips';
  const outer: Graph = {
    name: 'training_steps',
    nodes: [
      node('Shape', [contract.labels.name], [tripShape], 'multi.shape', { end: { type: 'int', value: 1 } }),
      node('Squeeze', [tripShape, 'multi.axis0'], [trips], 'multi.trips'),
      node('Loop', [trips, '', ...carried.map((c) => c.name)], [...carried.map((c) => c.updated), contract.loss_output, contract.correct_output], 'multi.loop', {
        body: { type: 'graph', value: body },
      }),
    ],
    inputs: g.inputs.map((v) => (v.name === contract.input.name || v.name === contract.labels.name ? stacked(v) : v)),
    outputs: g.outputs.map((v) => (v.name === contract.loss_output || v.name === contract.correct_output ? { ...v, shape: ['steps'] } : v)),
    initializers: [...g.initializers, int64Tensor('multi.axis0', [1], [0])],
    valueInfo: [],
  };
  return { ...training, graph: outer, metadata: { ...training.metadata, steps_per_run: 'K (leading dimension of labels)' } };
}

function node(opType: string, inputs: string[], outputs: string[], name: string, attributes: Node['attributes'] = {}): Node {
  return { name, opType, domain: '', inputs, outputs, attributes };
}
