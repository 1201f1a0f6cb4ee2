/**
 * The two real-weight runs of scripts/make-transformer-fixtures.py (GPT-2-style at opset 14, Llama-style at opset
 * 17; 3 checkpoints, seeded SGD steps between them). expected.json holds numpy's L1 RWC of every torch parameter per
 * transition and, for GPT-2's fused c_attn, of its q/k/v rows. Here the layers come from the graph, and the RWC is
 * summed over the ranges the layer reports: its whole weight, or one q/k/v part.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractLayers } from '../../src/model/layers.js';
import { readModel, readModelDeferred } from '../../src/onnx/read.js';
import type { Model } from '../../src/onnx/types.js';
import type { TensorRange } from '../../src/model/types.js';

const RUNS = fileURLToPath(new URL('../../../fixtures/transformers/runs/', import.meta.url));

interface Expected {
  checkpoints: string[];
  params: Record<string, { shape: number[]; onnx: Array<{ name: string; transposed: boolean }>; rwc: Array<number | null> }>;
  qkv_parts?: Record<string, Record<'q' | 'k' | 'v', number[]>>;
}

function open(run: string): { models: Model[]; expected: Expected } {
  const expected = JSON.parse(readFileSync(`${RUNS}${run}/expected.json`, 'utf8')) as Expected;
  return { models: expected.checkpoints.map((f) => readModel(`${RUNS}${run}/${f}`)), expected };
}

function values(model: Model, name: string): Float32Array | Float64Array {
  const t = model.graph.initializers.find((i) => i.name === name);
  assert.ok(t, `initializer ${name}`);
  return t.data as Float32Array;
}

function rwc(a: Model, b: Model, ranges: readonly TensorRange[]): number {
  let num = 0;
  let den = 0;
  for (const r of ranges) {
    const x = values(a, r.tensor);
    const y = values(b, r.tensor);
    for (let i = r.start; i < r.start + r.count; i++) {
      num += Math.abs(y[i]! - x[i]!);
      den += Math.abs(x[i]!);
    }
  }
  return num / den;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected), `${what}: ${actual} vs numpy ${expected}`);
}

for (const run of ['gpt2-opset14', 'llama-opset17']) {
  test(`${run}: each parameter's layer weight has numpy's RWC; rotary tables never change and are param`, () => {
    const { models, expected } = open(run);
    const layers = extractLayers(models[0]!);
    const byTensor = new Map(layers.flatMap((l) => l.tensors.map((t) => [t, l] as const)));
    let checked = 0;
    for (const [torchName, p] of Object.entries(expected.params)) {
      for (const { name } of p.onnx) {
        const layer = byTensor.get(name);
        assert.ok(layer, `${torchName} (${name}) is in a layer`);
        const whole = [{ tensor: name, start: 0, count: p.shape.reduce((s, d) => s * d, 1) }];
        for (let t = 1; t < models.length; t++) {
          const want = p.rwc[t - 1];
          if (want === null || want === undefined) continue;
          close(rwc(models[t - 1]!, models[t]!, whole), want, `${torchName} t=${t}`);
          checked++;
        }
        if (want0(p.rwc) === 0) assert.equal(layer.primitive, 'param', `${torchName} never changes: a table`);
      }
    }
    assert.ok(checked > 20);
  });
}

function want0(r: Array<number | null>): number | null {
  return r.every((v) => v === 0) ? 0 : null;
}

test('gpt2-opset14: the q/k/v parts of each c_attn layer have the RWC numpy gives its q/k/v rows', () => {
  const { models, expected } = open('gpt2-opset14');
  const layers = extractLayers(models[0]!);
  const parts = Object.entries(expected.qkv_parts!).filter(([name]) => name.endsWith('.weight'));
  assert.equal(parts.length, 2);
  for (const [torchName, want] of parts) {
    const onnxName = expected.params[torchName]!.onnx[0]!.name;
    const layer = layers.find((l) => l.weight === onnxName)!;
    assert.equal(layer.primitive, 'attention_qkv');
    assert.deepEqual(layer.parts!.map((p) => p.part), ['q', 'k', 'v']);
    for (const part of layer.parts!) {
      for (let t = 1; t < models.length; t++) {
        close(rwc(models[t - 1]!, models[t]!, part.weight), want[part.part][t - 1]!, `${torchName}[${part.part}] t=${t}`);
      }
      const biasName = expected.params[torchName.replace(/weight$/, 'bias')]!.onnx[0]!.name;
      const biasWant = expected.qkv_parts![torchName.replace(/weight$/, 'bias')]![part.part];
      assert.deepEqual(part.extras.map((r) => r.tensor), [biasName]);
      close(rwc(models[0]!, models[1]!, part.extras), biasWant[0]!, `${torchName} bias[${part.part}]`);
    }
  }
});

test('roles come from the graph alone: a checkpoint read with its weights left on disk gives the same layers', () => {
  for (const file of ['gpt2-opset14/epoch-001.onnx', 'llama-opset17/epoch-001.onnx']) {
    const deferred = extractLayers(readModelDeferred(`${RUNS}${file}`));
    assert.deepEqual(deferred, extractLayers(readModel(`${RUNS}${file}`)));
    assert.ok(deferred.some((l) => l.primitive.startsWith('attention_')), file);
  }
});
