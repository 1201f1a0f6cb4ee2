import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPass, type PassLayer } from '../../src/analyze/pass.js';
import type { TensorEntry } from '../../src/checkpoint/types.js';
import { DataType } from '../../src/onnx/types.js';
import type { TensorRange } from '../../src/model/types.js';

function memoryEntry(name: string, values: number[]): TensorEntry {
  return { name, dataType: DataType.FLOAT, shape: [values.length], elements: values.length, storage: { kind: 'memory', data: Float32Array.from(values) } };
}

function l1(xs: number[]): number {
  return xs.reduce((s, x) => s + Math.abs(x), 0);
}

/** A 3 x 6 [in, out] weight whose columns 0-1, 2-3, 4-5 are q, k, v: one range per row per part. */
const W0 = [1, -2, 3, 4, -5, 6, 7, 8, -9, 10, 11, -12, 13, 14, 15, -16, 17, 18];
const W1 = W0.map((x, i) => x + (i % 6 < 2 ? 0.5 : i % 6 < 4 ? -1 : 2) * (i % 2 === 0 ? 1 : -1));
const W2 = W1.map((x, i) => x * (1 + 0.01 * i));
const SERIES = [W0, W1, W2].map((w) => w.map(Math.fround));
const columns = (part: number): TensorRange[] => [0, 1, 2].map((row) => ({ tensor: 'w', start: row * 6 + part * 2, count: 2 }));
const select = (w: number[], part: number): number[] => [0, 1, 2].flatMap((row) => w.slice(row * 6 + part * 2, row * 6 + part * 2 + 2));

async function runParts(chunkElements: number, threads = 1) {
  const layers: PassLayer[] = [
    { name: 'qkv', tensors: ['w'] },
    ...['q', 'k', 'v'].map((p, i): PassLayer => ({ name: `qkv[${p}]`, tensors: ['w'], part: { of: 0, ranges: columns(i) } })),
    { name: 'other', tensors: ['u'] },
  ];
  return runPass({
    checkpoints: 3,
    layers,
    entries: (name) => SERIES.map((w, t) => memoryEntry(name, name === 'w' ? w : [1 + t, 2])),
    rwc: 'l1-ratio',
    every: 1,
    threads,
    chunkElements,
    bytesPerWorker: 0,
  });
}

test('q/k/v part rows: each RWC is the L1 ratio over its own columns, and the fused row is the whole tensor', async () => {
  for (const chunk of [1 << 20, 4, 1]) {
    const result = await runParts(chunk);
    for (let t = 1; t < 3; t++) {
      const whole = l1(SERIES[t]!.map((x, i) => x - SERIES[t - 1]![i]!)) / l1(SERIES[t - 1]!);
      assert.ok(Math.abs(result.rwc[0]![t - 1]! - whole) <= 1e-12 * whole, `fused, chunk ${chunk}`);
      for (let p = 0; p < 3; p++) {
        const [a, b] = [select(SERIES[t - 1]!, p), select(SERIES[t]!, p)];
        const expected = l1(b.map((x, i) => x - a[i]!)) / l1(a);
        assert.ok(Math.abs(result.rwc[1 + p]![t - 1]! - expected) <= 1e-12 * expected, `part ${p}, chunk ${chunk}`);
      }
    }
    assert.deepEqual(result.layerSizes, [18, 6, 6, 6, 2]);
  }
});

test('part rows read the fused tensor once and stay out of the sums over all layers', async () => {
  const result = await runParts(1 << 20);
  // 3 checkpoints x (18 + 2) float32 elements: the parts add no reads.
  assert.equal(result.bytesRead, 3 * 20 * 4);
  const dist = Math.sqrt(l1(SERIES[2]!.map((x, i) => (x - SERIES[0]![i]!) ** 2)) + 2 ** 2);
  assert.ok(Math.abs(result.distanceFromInit.l2[2]! - dist) <= 1e-12 * dist);
});

test('part rows on two worker threads give the same bits as on one (sums added in job order as jobs finish)', async () => {
  assert.deepEqual(await runParts(2, 2), await runParts(2, 1));
});
