// One SGD step and one Adam step on torchvision's resnet18 exported in training mode equal PyTorch's.
// fixtures/pytorch-train (scripts/make-pytorch-train-fixture.py, torch 1.13): the export without its float
// initializers (both sides compute the initial weights from a formula, restated below from the script's docstring)
// and PyTorch's values after each step at up to 128 spread-out indices of every state_dict tensor, BatchNorm
// running statistics included. Per tensor, over those indices: ||w - w_torch|| / ||w_torch - w_0|| <= 1e-3.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readModel } from '../../../src/onnx/read.js';
import { DataType, type Model, type Tensor } from '../../../src/onnx/types.js';
import { buildArtifacts } from '../../../src/artifacts/build.js';
import { optimizerConfig } from '../../../src/artifacts/optim/index.js';
import { checkpointValues, openModel, trainStep } from '../helpers.js';

const DIR = new URL('../../../../fixtures/pytorch-train/', import.meta.url);

interface StepFixture {
  lr: number;
  weightDecay?: number;
  loss: number;
  samples: Record<string, number[]>;
}
const FIXTURE = JSON.parse(readFileSync(new URL('resnet18-steps.json', DIR), 'utf8')) as { K: number; sgd: StepFixture; adam: StepFixture };

function initial(name: string, dims: number[]): Float32Array {
  const n = dims.reduce((a, d) => a * d, 1);
  let codes = 0;
  for (const ch of name) codes += ch.charCodeAt(0);
  const phase = 0.013 * codes;
  const base = (i: number): number => Math.sin(0.7 * i + phase);
  let f: (i: number) => number;
  if (name.endsWith('running_mean')) f = (i) => 0.1 * base(i);
  else if (name.endsWith('running_var')) f = (i) => 1 + 0.5 * base(i);
  else if (name.endsWith('.bias')) f = (i) => 0.1 * base(i);
  else if (dims.length === 1) f = (i) => 1 + 0.2 * base(i);
  else if (dims.length === 4) f = (i) => Math.sqrt(6 / (dims[1]! * dims[2]! * dims[3]!)) * base(i);
  else f = (i) => Math.sqrt(6 / dims[1]!) * base(i);
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

function forwardWithWeights(): Model {
  const model = readModel(fileURLToPath(new URL('resnet18-train.onnx', DIR)));
  const weights: Tensor[] = model.graph.inputs
    .filter((v) => v.name !== 'input')
    .map((v) => ({ name: v.name, dataType: DataType.FLOAT, dims: v.shape as number[], data: initial(v.name, v.shape as number[]) }));
  return { ...model, graph: { ...model.graph, initializers: [...model.graph.initializers, ...weights] } };
}

const x = Float32Array.from({ length: 8 * 3 * 32 * 32 }, (_, i) => Math.sin(0.37 * i));
const labels = Array.from({ length: 8 }, (_, s) => (3 * s + 1) % 10);

async function compare(kind: 'sgd' | 'adam'): Promise<void> {
  const expected = FIXTURE[kind];
  const a = buildArtifacts(forwardWithWeights(), { modelName: 'resnet18', optimizer: optimizerConfig(kind, { weightDecay: expected.weightDecay ?? 0 }) });
  assert.ok(a.contract.params.filter((p) => p.role === 'buffer').length === 40, 'the 20 BatchNorms have running statistics');
  const start = checkpointValues(a);
  const session = await openModel(a.training);
  const { next, loss } = await trainStep(session, a, start, x, labels, expected.lr, 1);
  assert.ok(Math.abs(loss - expected.loss) < 1e-4 * expected.loss, `loss ${loss} vs PyTorch ${expected.loss}`);
  const names = Object.keys(expected.samples);
  assert.equal(names.length, 102);
  const worst: [string, number][] = [];
  for (const name of names) {
    const w = next[name], w0 = start[name], wt = expected.samples[name]!;
    assert.ok(w && w0, `${name} is a parameter or buffer of the artifacts`);
    const n = w.length, count = wt.length;
    let err = 0, step = 0;
    for (let j = 0; j < count; j++) {
      const i = Math.floor((j * n) / count) + (((j * 2654435761) % 4294967296) % Math.max(1, Math.floor(n / count)));
      err += (w[i]! - wt[j]!) ** 2;
      step += (wt[j]! - w0[i]!) ** 2;
    }
    assert.ok(step > 0, `${name}: PyTorch moved it`);
    worst.push([name, Math.sqrt(err / step)]);
  }
  worst.sort((p, q) => q[1] - p[1]);
  assert.ok(worst[0]![1] <= 1e-3, `worst update error ${worst[0]![0]}: ${worst[0]![1]}`);
}

test('resnet18 training-mode export: one SGD step (lr 0.1) equals PyTorch\'s, running statistics included', () => compare('sgd'));
test('resnet18 training-mode export: one Adam step (lr 1e-3, weight decay 5e-3) equals PyTorch\'s, running statistics included', () => compare('adam'));
