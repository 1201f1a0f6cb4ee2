/**
 * `analyze` on the two real-weight transformer runs of scripts/make-transformer-fixtures.py (GPT-2-style at opset 14,
 * Llama-style at opset 17): every layer's RWC and the fused q/k/v parts' RWC equal numpy's on the torch parameters
 * (expected.json), every parameter tensor is analyzed, and the constant tables are buffers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS, type Summary } from '../../src/analyze/types.js';

const RUNS = fileURLToPath(new URL('../../../fixtures/transformers/runs/', import.meta.url));

interface Expected {
  params: Record<string, { shape: number[]; onnx: Array<{ name: string }>; rwc: Array<number | null> }>;
  qkv_parts?: Record<string, Record<'q' | 'k' | 'v', number[]>>;
}

async function analyzed(run: string): Promise<{ summary: Summary; expected: Expected }> {
  const expected = JSON.parse(readFileSync(`${RUNS}${run}/expected.json`, 'utf8')) as Expected;
  const { summary } = await analyzeRun(`${RUNS}${run}`, { ...DEFAULT_ANALYZE_OPTIONS, threads: 1, formats: ['json'] });
  return { summary, expected };
}

function assertRwc(actual: (number | null)[], want: (number | null)[], what: string): void {
  assert.equal(actual.length, want.length, what);
  actual.forEach((v, i) => {
    const w = want[i]!;
    assert.ok(v !== null && Math.abs(v - w) <= 1e-9 * Math.abs(w), `${what}[${i}]: ${v} vs numpy ${w}`);
  });
}

/** The torch parameter each ONNX weight tensor holds (a weight may be stored under a generated name). */
function torchNames(expected: Expected): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, p] of Object.entries(expected.params)) for (const o of p.onnx) out.set(o.name, name);
  return out;
}

for (const run of ['gpt2-opset14', 'llama-opset17']) {
  test(`${run}: every layer's RWC equals numpy on the torch parameter it holds`, async () => {
    const { summary, expected } = await analyzed(run);
    const names = torchNames(expected);
    const whole = summary.layers.filter((l) => l.partOf === undefined);
    for (const layer of whole) {
      const param = names.get(layer.weight);
      assert.ok(param, `${layer.name}: weight ${layer.weight} is no torch parameter`);
      assertRwc(layer.rwc, expected.params[param].rwc, `${run} ${layer.name}`);
    }
    // Every torch parameter that changes is some layer's weight or extra.
    const held = new Set(whole.flatMap((l) => l.tensors).map((t) => names.get(t)));
    for (const [name, p] of Object.entries(expected.params)) {
      if (p.onnx.length > 0 && p.rwc.some((v) => v !== 0)) assert.ok(held.has(name), `${name} is in no layer`);
    }
    assert.equal(summary.coverage.tensorsInLayers, summary.coverage.tensors);
    assert.equal(summary.coverage.elementsInLayers, summary.coverage.elements);
  });
}

test('gpt2-opset14: the fused c_attn q/k/v part rows equal numpy on their columns; the causal mask is a buffer', async () => {
  const { summary, expected } = await analyzed('gpt2-opset14');
  const names = torchNames(expected);
  const parts = summary.layers.filter((l) => l.partOf !== undefined);
  assert.equal(parts.length, 6);
  for (const row of parts) {
    const part = row.name.slice(-2, -1) as 'q' | 'k' | 'v';
    assert.equal(row.primitive, { q: 'attention_query', k: 'attention_key', v: 'attention_value' }[part]);
    const fused = summary.layers.find((l) => l.name === row.partOf)!;
    assert.equal(fused.primitive, 'attention_qkv');
    assertRwc(row.rwc, expected.qkv_parts![names.get(row.weight)!]![part], `${row.name}`);
    assert.equal(row.cluster, null, 'part rows stay out of the whole-network clustering');
  }
  assert.deepEqual(summary.coverage.buffers.map((b) => b.name), ['h.0.mask']);
  // Blocks from the graph: the two attention blocks, nothing outside them.
  const blocks = summary.layers.map((l) => l.block ?? null);
  assert.deepEqual(blocks.filter((b, i) => i === 0 || b !== blocks[i - 1]), [null, 0, 1, null]);
});

test('llama-opset17: roles of a gated-MLP, RMSNorm block, and the rotary tables are buffers', async () => {
  const { summary } = await analyzed('llama-opset17');
  const block0 = summary.layers.filter((l) => l.block === 0).map((l) => l.primitive);
  assert.deepEqual(block0, ['norm', 'attention_query', 'attention_key', 'attention_value', 'attention_output', 'norm', 'mlp_gate', 'mlp_up', 'mlp_down']);
  assert.deepEqual(summary.coverage.buffers.map((b) => b.name).sort(), ['cos_cached', 'sin_cached']);
});
