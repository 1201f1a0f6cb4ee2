/**
 * Hand-written training artifacts for a softmax regression (Flatten -> MatMul W -> Add b) trained with SGD with
 * momentum: a small, independent fixture for the driver (it does not depend on the artifact generator).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { DataType, type Attribute, type Model, type Node, type Tensor, type ValueInfo } from '../../src/onnx/types.js';
import type { ArtifactsContract } from '../../src/artifacts/types.js';
import { modelOf } from '../../src/graph/builder.js';

export const TINY_SHAPE: [number, number, number] = [1, 4, 4];
export const TINY_CLASSES = 3;
const D = 16;
const K = TINY_CLASSES;

function node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, Attribute> = {}): Node {
  return { name: `${opType}_${outputs[0]}`, opType, domain: '', inputs, outputs, attributes };
}
const f32 = (name: string, dims: number[], values: number[]): Tensor => ({ name, dataType: DataType.FLOAT, dims, data: Float32Array.from(values) });
const i64 = (name: string, dims: number[], values: number[]): Tensor => ({ name, dataType: DataType.INT64, dims, data: BigInt64Array.from(values.map(BigInt)) });
const vi = (name: string, elemType: DataType, shape: (number | string)[]): ValueInfo => ({ name, elemType, shape });

function model(name: string, nodes: Node[], inputs: ValueInfo[], outputs: ValueInfo[], initializers: Tensor[]): Model {
  return modelOf({ name, nodes, inputs, outputs, initializers }, { producerName: 'tiny-artifacts' });
}

const forwardNodes = (): Node[] => [
  node('Flatten', ['input'], ['x'], { axis: { type: 'int', value: 1 } }),
  node('MatMul', ['x', 'W'], ['xw']),
  node('Add', ['xw', 'b'], ['logits']),
];
const lossNodes = (): Node[] => [
  node('SoftmaxCrossEntropyLoss', ['logits', 'labels'], ['loss'], { reduction: { type: 'string', value: 'mean' } }),
  node('ArgMax', ['logits'], ['pred'], { axis: { type: 'int', value: 1 }, keepdims: { type: 'int', value: 0 } }),
  node('Equal', ['pred', 'labels'], ['hit']),
  node('Cast', ['hit'], ['hit_i'], { to: { type: 'int', value: DataType.INT64 } }),
  node('ReduceSum', ['hit_i'], ['correct'], { keepdims: { type: 'int', value: 0 } }),
];

const dataInputs = (): ValueInfo[] => [vi('input', DataType.FLOAT, ['batch', ...TINY_SHAPE]), vi('labels', DataType.INT64, ['batch'])];
const paramInputs = (): ValueInfo[] => [vi('W', DataType.FLOAT, [D, K]), vi('b', DataType.FLOAT, [K])];
const metricOutputs = (): ValueInfo[] => [vi('loss', DataType.FLOAT, []), vi('correct', DataType.INT64, [])];

function trainingModel(momentum: number): Model {
  const backward: Node[] = [
    node('Softmax', ['logits'], ['p'], { axis: { type: 'int', value: 1 } }),
    node('OneHot', ['labels', 'c_depth', 'c_onehot'], ['onehot'], { axis: { type: 'int', value: -1 } }),
    node('Sub', ['p', 'onehot'], ['diff']),
    node('Shape', ['x'], ['x_shape']),
    node('Gather', ['x_shape', 'c_zero'], ['n_i'], { axis: { type: 'int', value: 0 } }),
    node('Cast', ['n_i'], ['n'], { to: { type: 'int', value: DataType.FLOAT } }),
    node('Div', ['diff', 'n'], ['g']),
    node('Transpose', ['x'], ['xT'], { perm: { type: 'ints', value: [1, 0] } }),
    node('MatMul', ['xT', 'g'], ['dW']),
    node('ReduceSum', ['g', 'c_axes0'], ['db'], { keepdims: { type: 'int', value: 0 } }),
  ];
  for (const p of ['W', 'b']) {
    backward.push(
      node('Mul', ['c_mu', `momentum.${p}`], [`mv_${p}`]),
      node('Add', [`mv_${p}`, `d${p}`], [`momentum.${p}.new`]),
      node('Mul', ['lr', `momentum.${p}.new`], [`step_${p}`]),
      node('Sub', [p, `step_${p}`], [`${p}.new`]),
    );
  }
  return model(
    'tiny_training',
    [...forwardNodes(), ...lossNodes(), ...backward],
    [
      ...paramInputs(),
      vi('momentum.W', DataType.FLOAT, [D, K]),
      vi('momentum.b', DataType.FLOAT, [K]),
      ...dataInputs(),
      vi('lr', DataType.FLOAT, []),
      vi('step', DataType.INT64, []),
    ],
    [
      vi('W.new', DataType.FLOAT, [D, K]),
      vi('b.new', DataType.FLOAT, [K]),
      vi('momentum.W.new', DataType.FLOAT, [D, K]),
      vi('momentum.b.new', DataType.FLOAT, [K]),
      ...metricOutputs(),
    ],
    [i64('c_depth', [], [K]), f32('c_onehot', [2], [0, 1]), i64('c_zero', [], [0]), i64('c_axes0', [1], [0]), f32('c_mu', [], [momentum])],
  );
}

/** Initial weights: small deterministic values. */
function initialWeights(): Tensor[] {
  return [
    f32('W', [D, K], Array.from({ length: D * K }, (_, i) => Math.sin(i + 1) * 0.1)),
    f32('b', [K], [0.01, -0.02, 0.03]),
  ];
}

/** Like the generated artifacts: the inference model takes the weights as inputs, the checkpoint holds them. */
function inferenceModel(withWeights: boolean): Model {
  const inputs = [vi('input', DataType.FLOAT, ['batch', ...TINY_SHAPE]), ...(withWeights ? [] : paramInputs())];
  return model('tiny', forwardNodes(), inputs, [vi('logits', DataType.FLOAT, ['batch', K])], withWeights ? initialWeights() : []);
}

export function tinyContract(momentum = 0.9): ArtifactsContract {
  const param = (name: string, shape: number[]) => ({ name, shape, trainable: true, role: 'parameter' as const, updatedName: `${name}.new` });
  const state = (p: string, shape: number[]) => ({ name: `momentum.${p}`, shape, param: p, kind: 'momentum' as const, updatedName: `momentum.${p}.new`, initial: 0 });
  return {
    schema: 'weightscale.artifacts/1',
    model: 'tiny-softmax',
    loss: 'cross-entropy',
    optimizer: { kind: 'momentum', momentum, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
    opset: 17,
    input: { name: 'input', shape: ['batch', ...TINY_SHAPE], dtype: 'float32' },
    labels: { name: 'labels', shape: ['batch'], dtype: 'int64' },
    numClasses: K,
    lr: 'lr',
    step: 'step',
    params: [param('W', [D, K]), param('b', [K])],
    state: [state('W', [D, K]), state('b', [K])],
    loss_output: 'loss',
    correct_output: 'correct',
    logits_output: 'logits',
    files: { training: 'training_model.onnx', eval: 'eval_model.onnx', inference: 'inference_model.onnx', checkpoint: 'checkpoint.onnx' },
  };
}

/** Writes the artifacts directory and returns its path. */
export function writeTinyArtifacts(dir: string, momentum = 0.9): string {
  mkdirSync(dir, { recursive: true });
  const evalModel = model('tiny_eval', [...forwardNodes(), ...lossNodes()], [...paramInputs(), ...dataInputs()], metricOutputs(), []);
  writeModelAtomic(join(dir, 'training_model.onnx'), trainingModel(momentum));
  writeModelAtomic(join(dir, 'eval_model.onnx'), evalModel);
  writeModelAtomic(join(dir, 'inference_model.onnx'), inferenceModel(false));
  writeModelAtomic(join(dir, 'checkpoint.onnx'), inferenceModel(true));
  writeFileSync(join(dir, 'artifacts.json'), JSON.stringify(tinyContract(momentum), null, 2));
  return dir;
}
