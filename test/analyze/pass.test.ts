import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runPass, everyPairs, type PassResult } from '../../src/analyze/pass.js';
import type { TensorEntry } from '../../src/checkpoint/types.js';
import { DataType } from '../../src/onnx/types.js';
import { writeRun } from '../diff/tiny-runs.js';
import { tempDir } from '../util/temp-dir.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface RunOpts {
  every?: number;
  rwc?: 'l1-ratio' | 'mean-relative';
  chunkElements?: number;
  threads?: number;
  /** [t] names of tensors missing at checkpoint t */
  missing?: Record<number, string[]>;
}

function memoryEntry(name: string, values: number[]): TensorEntry {
  return { name, dataType: DataType.FLOAT, shape: [values.length], elements: values.length, storage: { kind: 'memory', data: Float32Array.from(values) } };
}

/** series[t][tensor] = values; tensors named w0, w1, ...; one layer L holding them all. */
function run(series: number[][][], opts: RunOpts = {}): Promise<PassResult> {
  const names = series[0]!.map((_, i) => `w${i}`);
  return runPass({
    checkpoints: series.length,
    layers: [{ name: 'L', tensors: names }],
    entries: (name) => {
      const i = names.indexOf(name);
      return series.map((tensors, t) => (opts.missing?.[t]?.includes(name) ? null : memoryEntry(name, tensors[i]!)));
    },
    rwc: opts.rwc ?? 'l1-ratio',
    every: opts.every ?? 1,
    threads: opts.threads ?? 1,
    chunkElements: opts.chunkElements ?? 1 << 20,
    bytesPerWorker: 0,
  });
}

test('RWC is sum|w_t - w_t-1| / sum|w_t-1| per transition', async () => {
  const result = await run([[[1, -2, 3]], [[2, -2, 1]], [[2, -2, 1]], [[4, -4, 2]]]);
  // t=1: (1+0+2)/6 ; t=2: 0/5 ; t=3: (2+2+1)/5
  assert.deepEqual(result.rwc, [[0.5, 0, 1]]);
});

test('RWC over weight and bias together uses the summed numerators and denominators', async () => {
  const result = await run([[[1, 1], [2]], [[2, 1], [0]]]);
  // diffs 1 + 2 = 3, norms 2 + 2 = 4
  assert.deepEqual(result.rwc, [[0.75]]);
});

test('a layer whose previous weights are all zero gets null, not NaN', async () => {
  const result = await run([[[0, 0]], [[1, 0]]]);
  assert.deepEqual(result.rwc, [[null]]);
});

test('mean-relative averages per-element ratios and skips zero previous values', async () => {
  const result = await run([[[1, -2, 0]], [[2, -1, 5]]], { rwc: 'mean-relative' });
  // |1|/1 = 1, |1|/2 = 0.5; the zero is skipped
  assert.deepEqual(result.rwc, [[0.75]]);
  assert.equal(result.zeroElementsSkipped, 1);
});

test('distances from init, every-k distances, changed counts and cosine', async () => {
  const series = [[[1, 0, 0]], [[1, 3, 0]], [[1, 3, 4]], [[0, 3, 4]], [[0, 0, 4]]];
  const result = await run(series, { every: 2 });
  assert.deepEqual(result.distanceFromInit.l1, [0, 3, 7, 8, 5]);
  assert.deepEqual(result.distanceFromInit.l2, [0, 3, 5, Math.sqrt(26), Math.sqrt(17)]);
  assert.deepEqual(result.every.from, [0, 2]);
  assert.deepEqual(result.every.to, [2, 4]);
  // 0->2: (0,3,4) ; 2->4: (-1,-3,0)
  assert.deepEqual(result.every.l1, [7, 4]);
  assert.deepEqual(result.every.l2, [5, Math.sqrt(10)]);
  // last - first = (-1, 0, 4): two elements changed at every tolerance below 1
  assert.deepEqual(result.changedCounts, [[2, 2, 2, 2, 2]]);
  assert.deepEqual(result.layerSizes, [3]);
  // cos((1,0,0),(0,0,4)) = 0
  assert.equal(result.cosineToInit[0], 0);
  assert.deepEqual(everyPairs(8, 3), [[0, 3], [3, 6]]);
});

test('every-k pairs that do not start at the first checkpoint (k = 3 over 8 checkpoints)', async () => {
  const series = Array.from({ length: 8 }, (_, t) => [[t * t, 1 - t, 2]]);
  const result = await run(series, { every: 3 });
  // pair (3,6): (36-9, -5+2, 0) -> l1 = 27 + 3, l2 = sqrt(27^2 + 3^2)
  assert.deepEqual(result.every.l1, [9 + 3, 30]);
  assert.deepEqual(result.every.l2, [Math.sqrt(81 + 9), Math.sqrt(27 * 27 + 9)]);
});

test('chunking and threads do not change a single bit of the result', async () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const series = Array.from({ length: 6 }, () => [Array.from({ length: 1000 }, rand), Array.from({ length: 37 }, rand)]);
  const whole = await run(series, { every: 2 });
  const chunked = await run(series, { every: 2, chunkElements: 64 });
  const threaded = await run(series, { every: 2, chunkElements: 64, threads: 2 });
  assert.deepEqual(threaded, chunked);
  // Chunking regroups the float64 sums: equal to within rounding, not bit for bit.
  whole.rwc[0]!.forEach((v, i) => assert.ok(Math.abs(v! - chunked.rwc[0]![i]!) <= 1e-12 * v!));
});

test('NaN or Inf weights make exactly the numbers that touch them null, and are reported', async () => {
  const series = [[[1, 2]], [[1, NaN]], [[2, 2]], [[3, 2]], [[Infinity, 2]]];
  const result = await run(series, { every: 2 });
  // transitions 0->1 and 1->2 touch the NaN; 2->3 is clean; 3->4 touches the Inf
  assert.deepEqual(result.rwc, [[null, null, 1 / 4, null]]);
  assert.deepEqual(result.distanceFromInit.l1, [0, null, 1, 2, null]);
  assert.deepEqual(result.every.l1, [1, null]);
  assert.deepEqual(result.changedCounts, [null]);
  assert.deepEqual(result.cosineToInit, [null]);
  assert.deepEqual(result.nonFinite, [[1, 4]]);
});

test('a tensor missing in one checkpoint leaves its layer null there, without a non-finite report', async () => {
  const series = [[[1, 2]], [[2, 2]], [[3, 2]], [[4, 2]]];
  const result = await run(series, { missing: { 2: ['w0'] } });
  assert.deepEqual(result.rwc, [[1 / 3, null, null]]);
  assert.deepEqual(result.nonFinite, [[]]);
  assert.equal(result.distanceFromInit.l1[3], 3);
});

test('the library runs from `node --input-type=module -e`: analyzeRun, and the pass on worker threads', async (t) => {
  // Worker threads inheriting the parent's flags would get --input-type, which a worker refuses
  // (ERR_INPUT_TYPE_NOT_ALLOWED) as soon as one starts.
  const work = tempDir('eval', t);
  const dir = writeRun(work, 'run', { checkpoints: 3 });
  const passModule = new URL('../../src/analyze/pass.js', import.meta.url).href;
  const typesModule = new URL('../../src/onnx/types.js', import.meta.url).href;
  const script = `
    const ws = await import('weightscale');
    const { summary } = await ws.analyzeRun(${JSON.stringify(dir)}, { ...ws.DEFAULT_ANALYZE_OPTIONS, threads: 2 });
    const { runPass } = await import(${JSON.stringify(passModule)});
    const { DataType } = await import(${JSON.stringify(typesModule)});
    const series = [[1, -2, 3, 4], [2, -2, 1, 4], [4, -4, 2, 0]];
    const entry = (values, part) => ({ name: 'w', dataType: DataType.FLOAT, shape: [2], elements: 2,
      storage: { kind: 'memory', data: Float32Array.from(values.slice(2 * part, 2 * part + 2)) } });
    const pass = await runPass({
      checkpoints: 3, layers: [{ name: 'L', tensors: ['a', 'b'] }],
      entries: (name) => series.map((v) => entry(v, name === 'a' ? 0 : 1)),
      rwc: 'l1-ratio', every: 1, threads: 2, chunkElements: 1, bytesPerWorker: 0,
    });
    console.log(JSON.stringify({ layers: summary.layers.length, rwc: pass.rwc }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { layers: number; rwc: number[][] };
  assert.ok(out.layers > 0, 'analyzeRun found the layers');
  // Transitions: |[1,0,-2,0]|_1 / |[1,-2,3,4]|_1 = 3/10, |[2,-2,1,-4]|_1 / |[2,-2,1,4]|_1 = 9/9.
  assert.deepEqual(out.rwc, [[0.3, 1]]);
});
