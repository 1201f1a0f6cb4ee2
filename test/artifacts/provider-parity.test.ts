/**
 * CUDA-CPU parity: the same training step of effnet-mini (conv, depthwise, BatchNorm, SE, Adam) on the CUDA
 * execution provider must match the CPU result. CUDA is the only other provider weightscale's runtime offers
 * (`--device auto|cuda|cpu`); where it cannot load the test is skipped with the reason, so this suite proves CUDA
 * on a machine that has it and stays green on one that does not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeModel } from '../../src/onnx/encode.js';
import { buildArtifacts } from '../../src/artifacts/build.js';
import { optimizerConfig } from '../../src/artifacts/optim/index.js';
import { zooModel } from '../../src/zoo/index.js';
import { createSession, releaseSession } from '../../src/runtime/session.js';
import { InputError } from '../../src/errors.js';
import { checkpointValues, maxAbsDiff, trainStep } from './helpers.js';

const artifacts = buildArtifacts(zooModel('effnet-mini', { inputShape: [1, 16, 16], numClasses: 4, seed: 3 }), {
  modelName: 'effnet-mini',
  optimizer: optimizerConfig('adam'),
});
const training = encodeModel(artifacts.training);
const batch = 8;
const input = Float32Array.from({ length: batch * 16 * 16 }, (_, i) => Math.sin(i * 0.37));
const labels = Array.from({ length: batch }, (_, i) => i % 4);

async function oneStep(device: 'cpu' | 'cuda') {
  const session = await createSession(training, { device, graphOptimizationLevel: 'all', threads: 1 });
  try {
    assert.equal(session.provider, device);
    return await trainStep(session, artifacts, checkpointValues(artifacts), input, labels, 1e-3, 1);
  } finally {
    await releaseSession(session);
  }
}

test('one training step agrees between CUDA and CPU (skipped where the CUDA provider does not load)', async (t) => {
  const cpu = await oneStep('cpu');
  assert.ok(Number.isFinite(cpu.loss) && cpu.loss > 0);
  let cuda;
  try {
    cuda = await oneStep('cuda');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    t.skip(`CUDA provider not available: ${e.message.slice(0, 160)}`);
    return;
  }
  assert.ok(Math.abs(cuda.loss - cpu.loss) <= 1e-4 * Math.max(1, Math.abs(cpu.loss)), `loss ${cuda.loss} vs ${cpu.loss}`);
  assert.equal(cuda.correct, cpu.correct);
  for (const [name, values] of Object.entries(cpu.next)) {
    assert.ok(maxAbsDiff(cuda.next[name]!, values) <= 1e-4, `${name} differs between CUDA and CPU`);
  }
});
