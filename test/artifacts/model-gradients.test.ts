/**
 * End-to-end gradient checks of whole zoo models in training mode (BatchNorm with batch statistics, residual
 * Adds, SiLU, squeeze-excitation): the gradients of sum(logits * R) with respect to a few parameters of every
 * kind, and the input, against central differences. Piecewise-linear ops make whole-network differences
 * unreliable (a perturbation moves hundreds of pre-activations, some across a ReLU or max-pool kink), so the
 * ReLU/MaxPool models are checked in a smooth variant (Tanh, AveragePool) that keeps every other node; those
 * rules have their own checks in test/artifacts/autodiff.
 */
import { test } from 'node:test';
import type { Model } from '../../src/onnx/types.js';
import { zooModel } from '../../src/zoo/index.js';
import { assertGradientsMatch, gradCheck, uniform, type CaseInput } from './autodiff/gradcheck.js';

function smooth(model: Model): Model {
  const swap: Record<string, string> = { Relu: 'Tanh', MaxPool: 'AveragePool' };
  const nodes = model.graph.nodes.map((n) => (swap[n.opType] ? { ...n, opType: swap[n.opType]! } : n));
  return { ...model, graph: { ...model.graph, nodes } };
}

function modelCase(model: Model, batch: number, wrt: string[], h: number) {
  const [, ...inputDims] = model.graph.inputs[0]!.shape! as number[];
  const inputs: CaseInput[] = [{ name: 'input', shape: [batch, ...inputDims], data: uniform(batch * inputDims.reduce((a, b) => a * b, 1), 77, -1, 1) }];
  for (const t of model.graph.initializers) {
    inputs.push({ name: t.name, shape: t.dims, data: (t.data as Float32Array).slice(), wrt: wrt.includes(t.name) });
  }
  return gradCheck({
    inputs,
    h,
    maxChecks: 6,
    build: (b) => {
      for (const n of model.graph.nodes) b.copyNode(n);
      return 'logits';
    },
  });
}

test('resnet-mini (smooth variant): whole-model gradients (stem, strided block, projection, BN, fc, input)', async () => {
  const model = smooth(zooModel('resnet-mini', { inputShape: [3, 8, 8], seed: 1 }));
  const wrt = ['input', 'conv1.weight', 'bn1.weight', 'layer2.0.conv1.weight', 'layer2.0.downsample.0.weight', 'layer2.0.downsample.1.bias', 'layer3.0.bn2.weight', 'fc.weight'];
  assertGradientsMatch(await modelCase(model, 3, wrt, 1e-2), 2e-3, 1e-3);
});

test('effnet-mini: whole-model gradients (stem, expand, depthwise, SE, project, head)', async () => {
  const model = zooModel('effnet-mini', { inputShape: [3, 12, 12], seed: 2 });
  const wrt = ['input', 'stem.weight', 'blocks.0.expand.weight', 'blocks.0.depthwise.weight', 'blocks.0.se.reduce.weight', 'blocks.0.se.expand.bias', 'blocks.2.project.weight', 'blocks.2.bn2.weight', 'head.weight', 'fc.bias'];
  assertGradientsMatch(await modelCase(model, 3, wrt, 1e-2), 2e-3, 1e-3);
});

test('lenet5 (smooth variant): whole-model gradients', async () => {
  const model = smooth(zooModel('lenet5', { inputShape: [1, 16, 16], seed: 3 }));
  assertGradientsMatch(await modelCase(model, 2, ['conv1.weight', 'conv1.bias', 'conv2.weight', 'fc1.weight', 'fc2.bias'], 1e-2), 2e-3, 1e-3);
});
