// `train --model <export>` on PyTorch exports of torchvision architectures (fixtures/pytorch-exports, written by
// scripts/make-pytorch-exports.py: training-mode TorchScript exports at opset 17, input [batch, 3, 32, 32], float
// weights removed to keep the files small). The test fills the weights from a formula, writes the model, and runs
// one epoch on synthetic data, which is generated at the model's input shape: every op on the gradient path has a
// rule, the loss is finite, and the weights move.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModel } from '../../src/onnx/read.js';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { DataType, type Model, type Tensor } from '../../src/onnx/types.js';
import { train } from '../../src/train/train.js';
import { tensorOf } from '../train/helpers.js';
import { tempDir } from '../util/temp-dir.js';

/** Deterministic weights of sensible scale: BatchNorm-like statistics, unit-ish scales, sqrt(3 / fan_in) otherwise. */
function weight(name: string, dims: number[]): Float32Array {
  const n = dims.reduce((a, d) => a * d, 1);
  let phase = 0;
  for (const ch of name) phase += 0.013 * ch.charCodeAt(0);
  const base = (i: number): number => Math.sin(0.7 * i + phase);
  let f: (i: number) => number;
  if (name.endsWith('running_var')) f = (i) => 1 + 0.5 * base(i);
  else if (name.endsWith('running_mean') || name.endsWith('bias')) f = (i) => 0.1 * base(i);
  else if (dims.length === 1) f = (i) => 1 + 0.2 * base(i);
  else f = (i) => Math.sqrt(3 / dims.slice(1).reduce((a, d) => a * d, 1)) * base(i);
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

function withWeights(file: string): Model {
  const model = readModel(file);
  const weights: Tensor[] = model.graph.inputs
    .filter((v) => v.name !== 'input')
    .map((v) => ({ name: v.name, dataType: DataType.FLOAT, dims: v.shape as number[], data: weight(v.name, v.shape as number[]) }));
  return { ...model, graph: { ...model.graph, initializers: [...model.graph.initializers, ...weights] } };
}

const EXPORTS = ['resnet18', 'mobilenet_v2', 'mobilenet_v3_small', 'efficientnet_b0', 'vit_tiny', 'convnext_tiny'];

for (const name of EXPORTS) {
  test(`train --model ${name}.onnx (PyTorch export): one epoch on synthetic 3x32x32 data`, async () => {
    const root = tempDir(`export-${name}`);
    const modelFile = join(root, `${name}.onnx`);
    writeModelAtomic(modelFile, withWeights(fileURLToPath(new URL(`../../../fixtures/pytorch-exports/${name}.onnx`, import.meta.url))));
    const result = await train({
      model: modelFile,
      dataset: 'synthetic',
      synthetic: { trainCount: 32, testCount: 16 },
      init: 'model',
      epochs: 1,
      batchSize: 16,
      optimizer: 'sgd',
      lr: 0.01,
      device: 'cpu',
      threads: 1,
      seed: 1,
      out: join(root, 'run'),
    });
    assert.deepEqual(result.record.dataset.shape, [3, 32, 32]);
    const epoch = result.record.epochs.at(-1)!;
    assert.ok(Number.isFinite(epoch.trainLoss) && epoch.trainLoss! > 0, `train loss ${epoch.trainLoss}`);
    const first = readModel(join(result.out, 'epoch-000.onnx')).graph.initializers.find((t) => t.dataType === DataType.FLOAT && t.dims.length > 1)!;
    const after = tensorOf(join(result.out, 'epoch-001.onnx'), first.name);
    assert.ok(after.some((v, i) => v !== (first.data as Float32Array)[i]), `${first.name} changed`);
  });
}
