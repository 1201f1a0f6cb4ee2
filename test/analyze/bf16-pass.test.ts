/**
 * bfloat16 checkpoints through the streaming pass: the words are widened in the SIMD kernel's buffer
 * (src/analyze/job-runner.ts). RWC equals the definition computed here from the same bits, for a tensor whose
 * length leaves a tail (n mod 8 != 0) and which spans several jobs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPass } from '../../src/analyze/pass.js';
import { analyzeRun } from '../../src/analyze/analyze.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import { safetensorsBytes, tempDir } from '../safetensors/helpers.js';
import { openCheckpoint } from '../../src/formats/open.js';

const N = 3001;

/** Seeded bfloat16 words of finite values (exponent never all ones). */
function words(seed: number): Uint16Array {
  let s = seed >>> 0;
  return Uint16Array.from({ length: N }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 16) & 0xbf7f;
  });
}

const asFloat = (w: Uint16Array): Float64Array => Float64Array.from(new Float32Array(Uint32Array.from(w, (x) => x << 16).buffer));

test('bfloat16 RWC through the pass equals the definition on the widened values, in one job or many', async (t) => {
  const dir = tempDir('st', t);
  const series = [words(1), words(2), words(3)];
  series.forEach((w, e) => {
    const data = new Uint8Array(w.buffer.slice(0));
    writeFileSync(join(dir, `epoch-${e}.safetensors`), safetensorsBytes([{ name: 'fc.weight', dtype: 'BF16', shape: [N], data }]));
  });
  const floats = series.map(asFloat);
  const want = [1, 2].map((k) => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < N; i++) {
      num += Math.abs(floats[k]![i]! - floats[k - 1]![i]!);
      den += Math.abs(floats[k - 1]![i]!);
    }
    return num / den;
  });
  const entries = series.map((_, e) => openCheckpoint(join(dir, `epoch-${e}.safetensors`)).tensors.get('fc.weight')!);
  for (const chunkElements of [1 << 20, 1000, 8]) {
    const pass = await runPass({
      checkpoints: 3, layers: [{ name: 'fc', tensors: ['fc.weight'] }], entries: () => entries,
      rwc: 'l1-ratio', every: 1, threads: 1, chunkElements, bytesPerWorker: 0,
    });
    pass.rwc[0]!.forEach((v, i) => assert.ok(Math.abs(v! - want[i]!) <= 1e-12 * want[i]!, `chunk ${chunkElements}: ${v} vs ${want[i]}`));
  }
  const { summary } = await analyzeRun(dir, { ...DEFAULT_ANALYZE_OPTIONS, threads: 1, formats: ['json'] });
  summary.layers[0]!.rwc.forEach((v, i) => assert.ok(Math.abs(v! - want[i]!) <= 1e-12 * want[i]!));
});
