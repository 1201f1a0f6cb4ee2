import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { DataType, type Model, type Node, type Tensor } from '../../src/onnx/types.js';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';

/** A Gemm chain: fc{i}.weight [out, in] with transB = 1. */
function mlp(weights: number[][][], epoch: number): Model {
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  let x = 'input';
  weights.forEach((w, i) => {
    const name = `fc${i}`;
    initializers.push({ name: `${name}.weight`, dataType: DataType.FLOAT, dims: [w.length, w[0].length], data: Float32Array.from(w.flat()) });
    nodes.push({ name, opType: 'Gemm', domain: '', inputs: [x, `${name}.weight`], outputs: [`${name}.out`], attributes: { transB: { type: 'int', value: 1 } } });
    x = `${name}.out`;
  });
  return {
    irVersion: 8, producerName: 'test', producerVersion: '0', opsetImports: [{ domain: '', version: 17 }],
    metadata: { 'weightscale.epoch': String(epoch) },
    graph: { name: 'mlp', nodes, initializers, inputs: [], outputs: [], valueInfo: [] },
  };
}

function writeRun(epochs: number[][][][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-dyn-'));
  epochs.forEach((w, e) => writeModelAtomic(join(dir, `epoch-${e}.onnx`), mlp(w, e)));
  return dir;
}

test('changed fractions, distances and cosine of a hand-made two-layer run', async () => {
  // fc0 [2,2]: one element changes by 0.5, one by 2^-20 (~9.5e-7); fc1 [1,2]: one by 2^-10 (~9.8e-4). All exact in float32.
  const w0 = [[[1, 2], [3, 4]], [[1, 0]]];
  const w1 = [[[1.5, 2], [3, 4]], [[1, 0]]];
  const w2 = [[[1.5, 2], [3, 4 + 2 ** -20]], [[1, 2 ** -10]]];
  const { summary } = await analyzeRun(writeRun([w0, w1, w2]), { ...DEFAULT_ANALYZE_OPTIONS, every: 1 });
  const [fc0, fc1] = summary.layers;
  assert.deepEqual(fc0.changedFraction, { '0': 0.5, '1e-8': 0.5, '1e-6': 0.25, '0.0001': 0.25, '0.01': 0.25 });
  assert.deepEqual(fc1.changedFraction, { '0': 0.5, '1e-8': 0.5, '1e-6': 0.5, '0.0001': 0.5, '0.01': 0 });
  // 6 weights overall: changed 3 at tol 0, 2 at 1e-6, 1 at 1e-2
  assert.deepEqual(summary.dynamics.changedFraction, { '0': 0.5, '1e-8': 0.5, '1e-6': 2 / 6, '0.0001': 2 / 6, '0.01': 1 / 6 });
  assert.equal(summary.dynamics.distanceFromInit.l1[1], 0.5);
  assert.equal(summary.dynamics.distanceFromInit.l2[1], 0.5);
  assert.deepEqual(summary.dynamics.every.to, [1, 2]);
  // RWC of fc0 at t=1: 0.5 / 10
  assert.equal(fc0.rwc[0], 0.05);
  assert.equal(fc1.rwc[0], 0);
  // cos(fc1 init (1,0), final (1, 2^-10)) = 1/sqrt(1 + 2^-20)
  assert.ok(Math.abs((fc1.cosineToInit as number) - 1 / Math.sqrt(1 + 2 ** -20)) < 1e-12);
});

test('a model without conv layers degrades with notes, not warnings: no filters, no banding', async () => {
  const w = (s: number) => [[[s, 2], [3, 4]], [[1, s]]];
  const { summary, extras } = await analyzeRun(writeRun([w(1), w(2), w(3)]), DEFAULT_ANALYZE_OPTIONS);
  assert.equal(extras.filters, undefined);
  assert.equal(extras.banding, undefined);
  assert.equal(summary.banding, null);
  assert.ok(summary.notes.some((m) => /no conv layer: no filter image/.test(m)));
  assert.ok(summary.notes.some((m) => /no weight banding/.test(m)));
  assert.ok(!summary.warnings.some((m) => /no filter image|no weight banding/.test(m)));
  assert.equal(summary.features?.layer, 'fc0');
});

test('a single-layer model has no penultimate layer: a note, no feature correlation', async () => {
  const { summary } = await analyzeRun(writeRun([[[[1, 2]]], [[[2, 2]]]]), DEFAULT_ANALYZE_OPTIONS);
  assert.equal(summary.features, null);
  assert.ok(summary.notes.some((m) => /no feature correlation/.test(m)));
  assert.equal(summary.clustering.all?.k, 1);
});
