import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPass, type PassInput, type PassResult } from '../../src/analyze/pass.js';
import type { TensorEntry } from '../../src/checkpoint/types.js';
import { DataType } from '../../src/onnx/types.js';

/** A seeded series: T checkpoints of three tensors in two layers, with a NaN and a missing tensor somewhere. */
function series(T: number, seed: number): Float32Array[][] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const sizes = [23, 5, 40];
  const out: Float32Array[][] = [];
  for (let t = 0; t < T; t++) out.push(sizes.map((n, i) => Float32Array.from({ length: n }, (_, j) => (t === 0 ? rand() : out[t - 1]![i]![j]! + 0.1 * rand()))));
  if (T > 4) out[3]![1]![2] = NaN;
  return out;
}

const NAMES = ['a.weight', 'a.bias', 'b.weight'];

function input(data: Float32Array[][], T: number, every: number, rwc: PassInput['rwc']): PassInput {
  return {
    checkpoints: T,
    layers: [
      { name: 'a', tensors: ['a.weight', 'a.bias'] },
      { name: 'b', tensors: ['b.weight'] },
    ],
    entries: (name) =>
      data.slice(0, T).map((tensors, t): TensorEntry | null => {
        if (name === 'b.weight' && t === 5) return null;
        const values = tensors[NAMES.indexOf(name)]!;
        return { name, dataType: DataType.FLOAT, shape: [values.length], elements: values.length, storage: { kind: 'memory', data: values } };
      }),
    rwc,
    every,
    threads: 1,
    chunkElements: 7,
    bytesPerWorker: 0,
  };
}

/** Object.is on every number, so -0 and NaN count. */
function sameBits(a: PassResult, b: PassResult, label: string): void {
  const strip = (r: PassResult) => JSON.stringify({ ...r, bytesRead: 0, totals: r.totals.map((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v as Float64Array, String)]))) });
  assert.equal(strip(a), strip(b), label);
}

for (const rwc of ['l1-ratio', 'mean-relative'] as const) {
  test(`a pass that reuses an earlier pass's sums equals a full pass, bit for bit (${rwc})`, async () => {
    const T = 12;
    const data = series(T, 7);
    for (const every of [1, 2, 3, 5]) {
      const full = await runPass(input(data, T, every, rwc));
      for (let P = 2; P < T; P++) {
        if (every >= P) continue;
        const earlier = await runPass(input(data, P, every, rwc));
        const pairs = earlier.every.from.map((f, i) => [f, earlier.every.to[i]!] as [number, number]);
        const incremental = await runPass({ ...input(data, T, every, rwc), reuse: { from: P, totals: earlier.totals, pairs } });
        sameBits(incremental, full, `every ${every}, ${P} checkpoints reused`);
        if (P >= 4) assert.ok(incremental.bytesRead < full.bytesRead, `reads less with ${P} reused`);
      }
    }
  });
}

test('an incremental pass reads the first checkpoint, the one before and the new ones, plus an open every-k pair start', async () => {
  const T = 12;
  const data = series(T, 3);
  const bytesAt = 4 * (23 + 5 + 40);
  const earlier = await runPass(input(data, 11, 5, 'l1-ratio'));
  const pairs = earlier.every.from.map((f, i) => [f, earlier.every.to[i]!] as [number, number]);
  // checkpoint 11 is new: read 0, 10 and 11; no pair is open at 11 (pairs 0-5 and 5-10)
  const one = await runPass({ ...input(data, T, 5, 'l1-ratio'), reuse: { from: 11, totals: earlier.totals, pairs } });
  assert.equal(one.bytesRead, 3 * bytesAt);
  // checkpoints 8..11 new: read 0, 7, 8..11 and the start of the open pair 5-10
  const earlier8 = await runPass(input(data, 8, 5, 'l1-ratio'));
  const pairs8 = earlier8.every.from.map((f, i) => [f, earlier8.every.to[i]!] as [number, number]);
  const four = await runPass({ ...input(data, T, 5, 'l1-ratio'), reuse: { from: 8, totals: earlier8.totals, pairs: pairs8 } });
  // b.weight is missing at 5: that pair start is not read for it
  assert.equal(four.bytesRead, 6 * bytesAt + 4 * (23 + 5));
});

test('the last checkpoint removed: the new last is summed again from the one before it', async () => {
  const T = 10;
  const data = series(T + 1, 11);
  const full = await runPass(input(data, T, 3, 'l1-ratio'));
  const longer = await runPass(input(data, T + 1, 3, 'l1-ratio'));
  const pairs = longer.every.from.map((f, i) => [f, longer.every.to[i]!] as [number, number]);
  sameBits(await runPass({ ...input(data, T, 3, 'l1-ratio'), reuse: { from: T - 1, totals: longer.totals, pairs } }), full, 'last removed');
});
