/**
 * Artifacts from users' forward models: the PyTorch exports under fixtures/pytorch (TorchScript exporter, opset
 * 17): LeNet (eval export), a tiny ResNet and EfficientNet exported in training mode (BatchNormalization with
 * training_mode=1 and running-statistics outputs), input declared with batch 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readModel } from '../../src/onnx/read.js';
import { DataType } from '../../src/onnx/types.js';
import { intAttr } from '../../src/graph/attrs.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import { float32Tensor } from '../../src/graph/tensors.js';
import { buildArtifacts } from '../../src/artifacts/build.js';
import { optimizerConfig } from '../../src/artifacts/optim/index.js';
import { assertGradientsMatch, gradCheck, uniform, type CaseInput } from './autodiff/gradcheck.js';
import { checkpointValues, maxAbsDiff, openModel, trainStep } from './helpers.js';

function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/pytorch/${name}`, import.meta.url));
}

for (const [file, inputDims] of [['lenet.onnx', [1, 28, 28]], ['resnet-bn.onnx', [3, 32, 32]], ['effnet.onnx', [3, 32, 32]]] as const) {
  test(`${file}: artifacts build, run with a batch of 6 and lower the loss on a fixed batch`, async () => {
    const forward = readModel(fixture(file));
    const a = buildArtifacts(forward, { modelName: file, optimizer: optimizerConfig('momentum') });
    assert.deepEqual(a.contract.input.shape, ['batch', ...inputDims] as (number | 'batch')[]);
    assert.equal(a.contract.numClasses, 10);
    const hasBn = forward.graph.nodes.some((n) => n.opType === 'BatchNormalization');
    assert.equal(a.contract.params.some((p) => p.role === 'buffer'), hasBn);
    const session = await openModel(a.training);
    const x = uniform(6 * (inputDims as readonly number[]).reduce((p, d) => p * d, 1), 5, 0, 1);
    const labels = [0, 1, 2, 3, 4, 5];
    let values = checkpointValues(a);
    const first = await trainStep(session, a, values, x, labels, 0.02, 1);
    values = first.next;
    let last = first;
    for (let step = 2; step <= 6; step++) {
      last = await trainStep(session, a, values, x, labels, 0.02, step);
      values = last.next;
    }
    assert.ok(last.loss < first.loss - 0.05, `loss ${first.loss} -> ${last.loss}`);
    if (hasBn) {
      const buffer = a.contract.params.find((p) => p.role === 'buffer')!;
      assert.ok(maxAbsDiff(values[buffer.name]!, checkpointValues(a)[buffer.name]!) > 1e-4, `${buffer.name} updated`);
    }
    await openModel(a.eval);
    await openModel(a.checkpoint);
  });
}

test('resnet-bn.onnx (training-mode BatchNormalization export): gradients against finite differences', async () => {
  const forward = readModel(fixture('resnet-bn.onnx'));
  const a = buildArtifacts(forward, { modelName: 'resnet-bn', optimizer: optimizerConfig('sgd') });
  const smoothNodes = forward.graph.nodes.map((n) => (n.opType === 'Relu' ? { ...n, opType: 'Tanh' } : n));
  const inputs: CaseInput[] = [{ name: 'input', shape: [3, 3, 8, 8], wrt: false }];
  const wrt = a.contract.params.filter((p) => p.trainable).map((p) => p.name).filter((_, i) => i % 5 === 0);
  for (const t of forward.graph.initializers) inputs.push({ name: t.name, shape: t.dims, data: (t.data as Float32Array).slice(), wrt: wrt.includes(t.name) });
  const report = await gradCheck({
    inputs,
    maxChecks: 5,
    build: (b) => {
      for (const n of smoothNodes) b.copyNode(n);
      return 'logits';
    },
  });
  assert.ok(wrt.length >= 5);
  assertGradientsMatch(report, 2e-3, 1e-3);
});

test("a forward model flattening with PyTorch's view(x.size(0), -1) chain trains", async () => {
  const b = new GraphBuilder();
  b.input('input', DataType.FLOAT, [1, 2, 3, 3]);
  b.initializer(float32Tensor('w', [4, 18], uniform(72, 3)));
  const shape = b.op('Shape', ['input']);
  const n = b.op('Gather', [shape, b.constInt64([0], [])], { axis: intAttr(0) });
  const target = b.op('Concat', [b.op('Unsqueeze', [n, b.constInt64([0])]), b.constInt64([-1])], { axis: intAttr(0) });
  const flat = b.op('Reshape', ['input', target]);
  const hidden = b.op('Tanh', [flat]);
  b.node('Gemm', [hidden, 'w'], { transB: intAttr(1) }, { outputs: ['logits'] });
  b.output('logits', DataType.FLOAT, [1, 4]);
  const a = buildArtifacts(b.build('viewflat'), { modelName: 'viewflat', optimizer: optimizerConfig('sgd') });
  assert.deepEqual(a.contract.params.map((p) => p.name), ['w']);
  const session = await openModel(a.training);
  const x = uniform(5 * 18, 9);
  const first = await trainStep(session, a, checkpointValues(a), x, [0, 1, 2, 3, 0], 0.5, 1);
  const second = await trainStep(session, a, first.next, x, [0, 1, 2, 3, 0], 0.5, 2);
  assert.ok(second.loss < first.loss, `${first.loss} -> ${second.loss}`);
});
