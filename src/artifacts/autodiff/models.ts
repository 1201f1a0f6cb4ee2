/**
 * The generated models. All take the forward model's parameters and buffers as graph inputs (so a driver feeds
 * the current weights every call), except the checkpoint, which carries them as initializers.
 *   training: params, buffers, optimizer state, input, labels, lr, step
 *             -> new params (frozen ones unchanged), new buffers, new state, loss, correct
 *   eval:     params, buffers, input, labels -> loss, correct          (BatchNorm uses running statistics)
 *   inference / checkpoint: (params, buffers,) input -> logits
 */
import { keepChannelsLast } from './channels-last.js';
import { InputError } from '../../errors.js';
import { DataType, type Model, type Tensor } from '../../onnx/types.js';
import type { OptimizerConfig, StateSpec } from '../types.js';
import { GraphBuilder } from '../../graph/builder.js';
import { emitOptimizer, optimizerState, updatedNameOf, type OptimizedParam } from '../optim/index.js';
import { permutedShape } from '../../util/permutation.js';
import { channelsLastWeights } from './conv-gemm.js';
import { emitBackward, emitForward, shapeGetter } from './engine.js';
import type { ForwardInfo } from './forward-info.js';
import { CORRECT, FIXED_NAMES, LABELS, LEARNING_RATE, LOSS, STEP } from './io-names.js';
import { emitSoftmaxCrossEntropy } from './rules/softmax-cross-entropy.js';

function allTensorNames(info: ForwardInfo): Set<string> {
  const names = new Set<string>([info.input.name]);
  for (const t of [...info.params, ...info.buffers, ...info.constants]) names.add(t.name);
  for (const n of info.nodes) for (const o of [...n.inputs, ...n.outputs]) if (o !== '') names.add(o);
  return names;
}

function newBuilder(info: ForwardInfo): GraphBuilder {
  const b = new GraphBuilder({ opset: Math.max(17, info.opset) });
  const names = allTensorNames(info);
  for (const fixed of FIXED_NAMES) {
    if (names.has(fixed)) throw new InputError(`the forward model uses the tensor name "${fixed}", which the training artifacts reserve`);
  }
  b.reserve(names);
  return b;
}

function finish(b: GraphBuilder, info: ForwardInfo, name: string): Model {
  const model = b.build(name);
  model.opsetImports.push(...info.otherOpsets);
  return model;
}

/** Weights as initializers or as inputs, an input's shape as `dims` gives it (the training model's layouts). */
function declareWeights(b: GraphBuilder, info: ForwardInfo, asInitializers: boolean, dims = (_name: string, d: readonly number[]): readonly number[] => d): void {
  for (const t of [...info.params, ...info.buffers]) {
    if (asInitializers) b.initializer(t);
    else b.input(t.name, DataType.FLOAT, [...dims(t.name, t.dims)]);
  }
  for (const t of info.constants) b.initializer(t);
}

export interface TrainingModel {
  model: Model;
  /** Optimizer state, shapes in the model's layout (the training model holds each in its parameter's layout). */
  state: StateSpec[];
  /** Parameters the training model holds in another layout (ParamSpec.layout). */
  layouts: ReadonlyMap<string, number[]>;
}

export function buildTrainingModel(info: ForwardInfo, trainable: ReadonlySet<string>, optimizer: OptimizerConfig): TrainingModel {
  const b = newBuilder(info);
  const layouts = channelsLastWeights(info.nodes, new Set(info.params.map((t) => t.name)), (node) => shapeGetter(info.shapes, node));
  const held = (name: string, dims: readonly number[]) => permutedShape(dims, layouts.get(name));
  const trainableParams = info.params.filter((t) => trainable.has(t.name));
  const optimized: OptimizedParam[] = trainableParams.map((t) => ({ name: t.name, grad: '', shape: [...t.dims], updatedName: updatedNameOf(t.name) }));
  const state = optimizerState(optimizer, optimized);

  declareWeights(b, info, false, held);
  for (const s of state) b.input(s.name, DataType.FLOAT, held(s.param, s.shape));
  b.input(info.input.name, DataType.FLOAT, info.input.shape);
  b.input(LABELS, DataType.INT64, ['batch']);
  b.input(LEARNING_RATE, DataType.FLOAT, []);
  b.input(STEP, DataType.INT64, []);

  const forward = emitForward(b, info.nodes, info.shapes, 'train', layouts);
  const ce = emitSoftmaxCrossEntropy(b, info.logits, LABELS, info.numClasses, { loss: LOSS, correct: CORRECT }, true);
  const grads = emitBackward(b, forward, info.shapes, new Map([[info.logits, ce.gradLogits!]]), trainableParams.map((t) => t.name));
  for (const p of optimized) p.grad = grads.get(p.name)!;
  emitOptimizer(b, optimizer, optimized, { lr: LEARNING_RATE, step: STEP });

  const passThrough = (from: string, to: string): void => {
    b.node('Identity', [from], {}, { name: `keep.${to}`, outputs: [to] });
  };
  for (const t of info.params) if (!trainable.has(t.name)) passThrough(t.name, updatedNameOf(t.name));
  for (const t of info.buffers) passThrough(forward.bufferUpdates.get(t.name) ?? t.name, updatedNameOf(t.name));

  b.output(LOSS, DataType.FLOAT, []);
  b.output(CORRECT, DataType.INT64, []);
  for (const t of [...info.params, ...info.buffers]) b.output(updatedNameOf(t.name), DataType.FLOAT, held(t.name, t.dims));
  for (const s of state) b.output(s.updatedName, DataType.FLOAT, held(s.param, s.shape));
  keepChannelsLast(b);
  return { model: finish(b, info, 'training'), state, layouts };
}

export function buildEvalModel(info: ForwardInfo): Model {
  const b = newBuilder(info);
  declareWeights(b, info, false);
  b.input(info.input.name, DataType.FLOAT, info.input.shape);
  b.input(LABELS, DataType.INT64, ['batch']);
  emitForward(b, info.nodes, info.shapes, 'eval');
  emitSoftmaxCrossEntropy(b, info.logits, LABELS, info.numClasses, { loss: LOSS, correct: CORRECT }, false);
  b.output(LOSS, DataType.FLOAT, []);
  b.output(CORRECT, DataType.INT64, []);
  return finish(b, info, 'eval');
}

/** Forward only; weights as inputs, or as initializers with the given values (the checkpoint). */
export function buildInferenceModel(info: ForwardInfo, weights?: readonly Tensor[]): Model {
  const b = newBuilder(info);
  if (weights === undefined) declareWeights(b, info, false);
  else {
    for (const t of weights) b.initializer(t);
    for (const t of info.constants) b.initializer(t);
  }
  b.input(info.input.name, DataType.FLOAT, info.input.shape);
  emitForward(b, info.nodes, info.shapes, 'eval');
  b.output(info.logits, DataType.FLOAT, ['batch', info.numClasses]);
  return finish(b, info, 'inference');
}
