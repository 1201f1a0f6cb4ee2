/**
 * The transformer exports of scripts/make-transformer-fixtures.py (GPT-2-, Llama-, ViT-, BERT- and ConvNeXt-style,
 * opset 14 and 17, with and without constant folding). Each file is weight-stripped; the JSON beside it lists every
 * float initializer of the original export with the torch parameter or buffer it holds (matched by value in the
 * script), the role that parameter's module plays, and its block (the index in h.N / layers.N / blocks.N / layer.N).
 * The test puts zero initializers back (roles come from the graph, never from values) and checks that every float
 * tensor of more than one element sits in exactly one layer, with the expected role and block, rotary and mask
 * tables as `param`, and the fused q/k/v parts on the expected element ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractLayers } from '../../src/model/layers.js';
import { initializerShapes, matchLayers } from '../../src/model/match.js';
import { readModel } from '../../src/onnx/read.js';
import { DataType, FLOAT_DTYPES } from '../../src/onnx/types.js';
import type { Model } from '../../src/onnx/types.js';
import type { Layer } from '../../src/model/types.js';

const FOLDER = fileURLToPath(new URL('../../../fixtures/transformers/onnx/', import.meta.url));

interface Expected {
  model: string;
  opset: number;
  folded: boolean;
  tensors: Record<string, { shape: number[]; torch: string | null; role: string; block: number | null }>;
  parts: Record<string, Record<'q' | 'k' | 'v', Array<[number, number]>>>;
}

/** The stripped model with its float parameters back as zero initializers. */
function load(base: string): { model: Model; expected: Expected } {
  const expected = JSON.parse(readFileSync(`${FOLDER}${base}.json`, 'utf8')) as Expected;
  const model = readModel(`${FOLDER}${base}.onnx`);
  const graph = model.graph;
  for (const [name, { shape }] of Object.entries(expected.tensors)) {
    const count = shape.reduce((p, d) => p * d, 1);
    graph.initializers.push({ name, dataType: DataType.FLOAT, dims: shape, data: new Float32Array(count) });
  }
  graph.inputs = graph.inputs.filter((i) => !(i.name in expected.tensors));
  return { model, expected };
}

/** Float tensors of more than one element the graph holds: initializers and Constant node values. */
function floatTensors(model: Model): string[] {
  const names = model.graph.initializers
    .filter((t) => FLOAT_DTYPES.has(t.dataType) && t.dims.reduce((p, d) => p * d, 1) > 1)
    .map((t) => t.name);
  for (const node of model.graph.nodes) {
    const value = node.attributes['value'];
    if (node.opType === 'Constant' && value?.type === 'tensor' && FLOAT_DTYPES.has(value.value.dataType)) {
      if (value.value.dims.reduce((p, d) => p * d, 1) > 1) names.push(node.outputs[0]!);
    }
  }
  return names;
}

const fixtures = readdirSync(FOLDER).filter((f) => f.endsWith('.onnx')).map((f) => f.replace(/\.onnx$/, '')).sort();

test('the fixture set is complete: five models, opset 14 and 17, folded and not, and three renamed twins', () => {
  assert.equal(fixtures.length, 23);
});

for (const base of fixtures) {
  test(`${base}: every float tensor in one layer, with its role, block and q/k/v parts`, () => {
    const { model, expected } = load(base);
    const layers = extractLayers(model);
    const owner = new Map<string, Layer>();
    for (const layer of layers) {
      for (const t of layer.tensors) {
        assert.ok(!owner.has(t), `${t} is in two layers: ${owner.get(t)?.name} and ${layer.name}`);
        owner.set(t, layer);
      }
    }
    for (const name of floatTensors(model)) assert.ok(owner.has(name), `${name} is in no layer`);

    const transformer = expected.model !== 'convnext';
    for (const [name, want] of Object.entries(expected.tensors)) {
      const layer = owner.get(name)!;
      assert.equal(layer.primitive, want.role, `${name} (${want.torch}) in layer ${layer.name}`);
      if (want.role === 'param') continue; // a mask shared by the blocks sits at its first reader
      if (transformer) assert.equal(layer.block, want.block, `block of ${name} (${want.torch})`);
      else assert.equal(layer.block, undefined, `${name}: no attention, no block`);
    }
    // Constant-node tables the exporter made (none is a torch parameter) are `param`.
    for (const name of floatTensors(model)) {
      if (!(name in expected.tensors)) assert.equal(owner.get(name)!.primitive, 'param', name);
    }

    const fused = layers.filter((l) => l.primitive === 'attention_qkv');
    assert.equal(fused.length, Object.keys(expected.parts).length / 2);
    for (const layer of fused) {
      assert.ok(layer.parts, `${layer.name} has parts`);
      const [bias] = layer.extras;
      for (const part of layer.parts) {
        const ranges = (tensor: string): Array<[number, number]> =>
          expected.parts[tensor]![part.part].map(([start, count]) => [start, count]);
        assert.deepEqual(part.weight.map((r) => [r.start, r.count]), ranges(layer.weight), `${layer.name}[${part.part}]`);
        assert.ok(part.weight.every((r) => r.tensor === layer.weight));
        assert.deepEqual(part.extras.map((r) => [r.start, r.count]), bias ? ranges(bias) : []);
      }
    }
  });
}

test('gpt2 without folding: the head reads wte through Transpose, so wte is one embedding layer tied to it', () => {
  const { model } = load('gpt2-opset14');
  const layers = extractLayers(model);
  const wte = layers.filter((l) => l.tensors.includes('wte.weight'));
  assert.equal(wte.length, 1);
  assert.equal(wte[0]!.primitive, 'embedding');
  assert.equal(wte[0]!.op, 'Gather');
  assert.match(wte[0]!.tiedWith ?? '', /MatMul/);
  assert.ok(!layers.some((l) => l.name === wte[0]!.tiedWith), 'the head is not a layer of its own');
});

test('structural keys are unique within each export', () => {
  for (const base of fixtures) {
    const keys = extractLayers(load(base).model).map((l) => l.structuralKey);
    assert.equal(new Set(keys).size, keys.length, base);
  }
});

test('renamed twins (an unused head shifts every onnx::MatMul_N): each layer pairs with the one holding the same parameter', () => {
  for (const model of ['gpt2', 'llama', 'vit']) {
    const a = load(`${model}-opset17-folded`);
    const b = load(`${model}-opset17-folded-aux`);
    const torchA = (name: string): string | null => a.expected.tensors[name]?.torch ?? null;
    const torchB = (name: string): string | null => b.expected.tensors[name]?.torch ?? null;
    // The hazard: one generated name, another parameter.
    const reused = Object.keys(a.expected.tensors).filter((n) => n in b.expected.tensors && torchA(n) !== torchB(n));
    assert.ok(reused.length > 0, `${model}: some generated name is reused for another tensor`);
    const layersA = extractLayers(a.model);
    const m = matchLayers(layersA, extractLayers(b.model), { shapesA: initializerShapes(a.model), shapesB: initializerShapes(b.model) });
    assert.equal(m.pairs.length, layersA.length, model);
    assert.deepEqual([m.unmatchedA, m.unmatchedB, m.unmatchedTensorsA, m.unmatchedTensorsB], [[], [], [], []]);
    for (const pair of m.pairs) {
      for (const t of pair.tensors) assert.equal(torchB(t.b), torchA(t.a), `${model}: ${t.a} paired with ${t.b}`);
      assert.equal(pair.a.primitive, pair.b.primitive);
    }
  }
});
