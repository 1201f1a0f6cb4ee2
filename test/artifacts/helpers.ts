/** Test helpers: a tiny hand-differentiable MLP, running artifacts with onnxruntime, feeding named tensors. */
import { encodeModel } from '../../src/onnx/encode.js';
import { DataType, type Model } from '../../src/onnx/types.js';
import { intAttr } from '../../src/graph/attrs.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import { float32Tensor } from '../../src/graph/tensors.js';
import type { TrainingArtifacts } from '../../src/artifacts/types.js';
import { convertHeld, heldTensors } from '../../src/artifacts/layout.js';
import { permutedShape } from '../../src/util/permutation.js';
import {
  createSession, floatTensor, int64Tensor, run, scalarF32, scalarI64, type Feeds, type OutputTensor, type RuntimeSession,
} from '../../src/runtime/session.js';
import { uniform } from './autodiff/gradcheck.js';

export const IN = 3;
export const HIDDEN = 4;
export const CLASSES = 2;

export type Weights = Record<string, Float64Array>;

/** input [batch, 3] -> fc1 (Gemm, W [4, 3], transB) -> Relu -> fc2 (W [2, 4]) -> logits. */
export function tinyMlp(): Model {
  const b = new GraphBuilder();
  b.input('input', DataType.FLOAT, ['batch', IN]);
  b.initializer(float32Tensor('fc1.weight', [HIDDEN, IN], uniform(HIDDEN * IN, 1)));
  b.initializer(float32Tensor('fc1.bias', [HIDDEN], uniform(HIDDEN, 2, -0.2, 0.2)));
  b.initializer(float32Tensor('fc2.weight', [CLASSES, HIDDEN], uniform(CLASSES * HIDDEN, 3)));
  b.initializer(float32Tensor('fc2.bias', [CLASSES], uniform(CLASSES, 4, -0.2, 0.2)));
  const h = b.op('Gemm', ['input', 'fc1.weight', 'fc1.bias'], { transB: intAttr(1) }, 'fc1');
  const a = b.op('Relu', [h], {}, 'relu');
  b.node('Gemm', [a, 'fc2.weight', 'fc2.bias'], { transB: intAttr(1) }, { name: 'fc2', outputs: ['logits'] });
  b.output('logits', DataType.FLOAT, ['batch', CLASSES]);
  return b.build('tiny-mlp');
}

export function initialWeights(model: Model): Weights {
  return Object.fromEntries(model.graph.initializers.map((t) => [t.name, Float64Array.from(t.data as Float32Array)]));
}

/** Loss and gradients of the tiny MLP by hand (float64). */
export function mlpLossAndGrad(w: Weights, x: Float64Array, labels: number[]): { loss: number; grad: Weights } {
  const n = labels.length;
  const grad: Weights = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, new Float64Array(v.length)]));
  let loss = 0;
  for (let s = 0; s < n; s++) {
    const xs = x.subarray(s * IN, (s + 1) * IN);
    const h = Array.from({ length: HIDDEN }, (_, j) => w['fc1.bias']![j]! + xs.reduce((acc, xi, i) => acc + xi * w['fc1.weight']![j * IN + i]!, 0));
    const a = h.map((v) => Math.max(v, 0));
    const z = Array.from({ length: CLASSES }, (_, k) => w['fc2.bias']![k]! + a.reduce((acc, aj, j) => acc + aj * w['fc2.weight']![k * HIDDEN + j]!, 0));
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const sum = e.reduce((p, v) => p + v, 0);
    const p = e.map((v) => v / sum);
    loss += -Math.log(p[labels[s]!]!) / n;
    const dz = p.map((v, k) => (v - (k === labels[s] ? 1 : 0)) / n);
    const da = new Array<number>(HIDDEN).fill(0);
    for (let k = 0; k < CLASSES; k++) {
      grad['fc2.bias']![k]! += dz[k]!;
      for (let j = 0; j < HIDDEN; j++) {
        grad['fc2.weight']![k * HIDDEN + j]! += dz[k]! * a[j]!;
        da[j]! += dz[k]! * w['fc2.weight']![k * HIDDEN + j]!;
      }
    }
    for (let j = 0; j < HIDDEN; j++) {
      const dh = h[j]! > 0 ? da[j]! : 0;
      grad['fc1.bias']![j]! += dh;
      for (let i = 0; i < IN; i++) grad['fc1.weight']![j * IN + i]! += dh * xs[i]!;
    }
  }
  return { loss, grad };
}

export async function openModel(model: Model): Promise<RuntimeSession> {
  return createSession(encodeModel(model), { device: 'cpu', graphOptimizationLevel: 'all', threads: 1 });
}

/** Feeds of a training step: params/buffers/state by contract name from `values`, plus batch, labels, lr, step. */
export function trainingFeeds(
  a: TrainingArtifacts,
  values: Record<string, Float32Array>,
  input: Float32Array,
  labels: number[],
  lr: number,
  step: number,
): Feeds {
  const feeds: Feeds = {};
  // The training model holds some tensors in another layout (ParamSpec.layout); `values` are in the model's.
  const held = heldTensors(a.contract);
  const feed = (name: string, data: Float32Array, shape: number[]) => {
    const t = held.get(name);
    feeds[name] = t === undefined ? floatTensor(data, shape) : floatTensor(convertHeld(t, data), permutedShape(shape, t.layout));
  };
  for (const p of a.contract.params) feed(p.name, values[p.name]!, p.shape);
  for (const s of a.contract.state) feed(s.name, values[s.name] ?? new Float32Array(s.shape.reduce((x, y) => x * y, 1)).fill(s.initial), s.shape);
  const shape = a.contract.input.shape.map((d) => (d === 'batch' ? labels.length : d));
  feeds[a.contract.input.name] = floatTensor(input, shape);
  feeds[a.contract.labels.name] = int64Tensor(BigInt64Array.from(labels, (l) => BigInt(l)), [labels.length]);
  feeds[a.contract.lr] = scalarF32(lr);
  feeds[a.contract.step] = scalarI64(step);
  return feeds;
}

/** Runs one step and returns the next values (params, buffers, state) under their input names, plus outputs. */
export async function trainStep(
  session: RuntimeSession,
  a: TrainingArtifacts,
  values: Record<string, Float32Array>,
  input: Float32Array,
  labels: number[],
  lr: number,
  step: number,
): Promise<{ next: Record<string, Float32Array>; loss: number; correct: number; raw: Record<string, OutputTensor> }> {
  const out = await run(session, trainingFeeds(a, values, input, labels, lr, step));
  const next: Record<string, Float32Array> = {};
  const held = heldTensors(a.contract);
  const take = (name: string, output: string) => {
    const data = out[output]!.data as Float32Array;
    const t = held.get(name);
    next[name] = t === undefined ? data : convertHeld(t, data, true);
  };
  for (const p of a.contract.params) take(p.name, p.updatedName);
  for (const s of a.contract.state) take(s.name, s.updatedName);
  return { next, loss: Number(out[a.contract.loss_output]!.data[0]), correct: Number(out[a.contract.correct_output]!.data[0]), raw: out };
}

export function checkpointValues(a: TrainingArtifacts): Record<string, Float32Array> {
  return Object.fromEntries(a.checkpoint.graph.initializers.filter((t) => t.dataType === DataType.FLOAT).map((t) => [t.name, (t.data as Float32Array).slice()]));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
