/**
 * Benchmark of the analysis's dense linear algebra, before (plain JavaScript loops, as weightscale had them before
 * issue #11) and after (onnxruntime MatMul, src/linalg/): Pearson correlation of a 4096 x 4096 layer's rows, the
 * banding NMF of a 512 x 512 x 3 x 3 conv (a 4608 x 1024 matrix, rank 3, 300 rounds, tolerance 1e-5; float64 V, and
 * float32 weights split inside onnxruntime as weight banding runs it), and the
 * cross-run matching of two 4096-row layers (correlation + matching, for related and for unrelated runs). Prints wall
 * and CPU seconds per item, and the load average.
 *
 * Run: scripts/bench-linalg [--skip-old] [--rows N]   (the old 4096-row correlation alone takes about a minute)
 */
import { loadavg } from 'node:os';
import { nmf, nmfOfSigns } from '../src/cluster/nmf.js';
import { crossCorrelation, rowCorrelation, standardizedRows } from '../src/metrics/correlation.js';
import { bestMatching, featureMatching } from '../src/metrics/hungarian.js';
import { releaseLinalgSessions } from '../src/linalg/matmul.js';
import { mulberry32 } from '../src/util/random.js';

const args = process.argv.slice(2);
const skipOld = args.includes('--skip-old');
const rowsArg = args.indexOf('--rows');
const N = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 4096;

function randomMatrix(n: number, seed: number): Float32Array {
  const rnd = mulberry32(seed);
  return Float32Array.from({ length: n }, () => rnd() * 2 - 1);
}

/** Prints wall seconds and the process's CPU seconds (user + system, all threads): the latter barely moves with load. */
async function time<T>(label: string, f: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await f();
  const used = process.cpuUsage(cpu);
  const wall = ((performance.now() - started) / 1000).toFixed(2).padStart(7);
  console.log(`${label.padEnd(58)} ${wall} s wall ${((used.user + used.system) / 1e6).toFixed(2).padStart(7)} s CPU`);
  return result;
}

/** The pre-#11 correlation: unit rows, then a JavaScript triple loop over the upper triangle. */
function oldRowCorrelation(data: Float32Array, rows: number, cols: number): Float64Array {
  const z = standardizedRows(data, rows, cols);
  const out = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    out[i * rows + i] = 1;
    for (let j = i + 1; j < rows; j++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += z[i * cols + c] * z[j * cols + c];
      out[i * rows + j] = out[j * rows + i] = s;
    }
  }
  return out;
}

function oldCrossCorrelation(a: Float32Array, b: Float32Array, rows: number, cols: number): Float64Array {
  const za = standardizedRows(a, rows, cols);
  const zb = standardizedRows(b, rows, cols);
  const out = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < rows; j++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += za[i * cols + c] * zb[j * cols + c];
      out[i * rows + j] = s;
    }
  }
  return out;
}

/** The pre-#11 NMF: three passes over V per round (W^T V, V H^T, and the error recomputed directly). */
function oldNmf(v: Float64Array, rows: number, cols: number, rank: number, iterations: number, tolerance: number): number[] {
  let sum = 0;
  for (let k = 0; k < v.length; k++) sum += v[k];
  const scale = Math.sqrt(sum / v.length / rank);
  const random = mulberry32(0);
  const w = Float64Array.from({ length: rows * rank }, () => scale * (0.01 + random()));
  const h = Float64Array.from({ length: rank * cols }, () => scale * (0.01 + random()));
  const errors: number[] = [];
  for (let t = 0; t < iterations; t++) {
    const wtv = new Float64Array(rank * cols);
    const wtw = new Float64Array(rank * rank);
    for (let i = 0; i < rows; i++) {
      for (let r = 0; r < rank; r++) {
        const wr = w[i * rank + r];
        for (let j = 0; j < cols; j++) wtv[r * cols + j] += wr * v[i * cols + j];
        for (let s = 0; s < rank; s++) wtw[r * rank + s] += wr * w[i * rank + s];
      }
    }
    const column = new Float64Array(rank);
    for (let j = 0; j < cols; j++) {
      for (let s = 0; s < rank; s++) column[s] = h[s * cols + j];
      for (let r = 0; r < rank; r++) {
        let den = 0;
        for (let s = 0; s < rank; s++) den += wtw[r * rank + s] * column[s];
        h[r * cols + j] = (column[r] * wtv[r * cols + j]) / (den + 1e-300);
      }
    }
    const hht = new Float64Array(rank * rank);
    for (let r = 0; r < rank; r++) for (let s = 0; s < rank; s++) for (let j = 0; j < cols; j++) hht[r * rank + s] += h[r * cols + j] * h[s * cols + j];
    const row = new Float64Array(rank);
    const vht = new Float64Array(rank);
    for (let i = 0; i < rows; i++) {
      for (let r = 0; r < rank; r++) {
        let acc = 0;
        for (let j = 0; j < cols; j++) acc += v[i * cols + j] * h[r * cols + j];
        vht[r] = acc;
        row[r] = w[i * rank + r];
      }
      for (let r = 0; r < rank; r++) {
        let den = 0;
        for (let s = 0; s < rank; s++) den += row[s] * hht[s * rank + r];
        w[i * rank + r] = (row[r] * vht[r]) / (den + 1e-300);
      }
    }
    let ss = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let p = 0;
        for (let r = 0; r < rank; r++) p += w[i * rank + r] * h[r * cols + j];
        ss += (v[i * cols + j] - p) ** 2;
      }
    }
    errors.push(Math.sqrt(ss));
    if (t > 0 && errors[t - 1] - errors[t] < tolerance * errors[t - 1]) break;
  }
  return errors;
}

function bandingMatrix(weight: Float32Array, out: number, inC: number, k: number): Float64Array {
  const cols = 2 * inC;
  const v = new Float64Array(out * k * k * cols);
  for (let o = 0; o < out; o++) {
    for (let c = 0; c < inC; c++) {
      for (let p = 0; p < k * k; p++) {
        const x = weight[(o * inC + c) * k * k + p];
        v[(o * k * k + p) * cols + (x > 0 ? c : inC + c)] = Math.abs(x);
      }
    }
  }
  return v;
}

async function main(): Promise<void> {
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${N} rows`);
  const a = randomMatrix(N * N, 1);
  // B: a noisy, row-permuted copy of A, as two runs of one architecture would give.
  const bBase = randomMatrix(N * N, 2);
  const b = new Float32Array(N * N);
  for (let i = 0; i < N; i++) {
    const src = (i * 7919) % N;
    for (let c = 0; c < N; c++) b[i * N + c] = a[src * N + c] + 0.5 * bBase[i * N + c];
  }
  await time('onnxruntime load + first session (once per process)', () => rowCorrelation(randomMatrix(16, 3), 4, 4));
  const corr = await time(`correlation ${N}x${N}, new (onnxruntime float64)`, () => rowCorrelation(a, N, N));
  if (!skipOld) {
    const old = await time(`correlation ${N}x${N}, old (JavaScript loops)`, () => oldRowCorrelation(a, N, N));
    let worst = 0;
    for (let k = 0; k < old.length; k++) worst = Math.max(worst, Math.abs(old[k] - corr[k]));
    console.log(`  largest |difference| old vs new: ${worst.toExponential(2)}`);
  }

  const out = 512;
  const inC = 512;
  const weight = randomMatrix(out * inC * 9, 4);
  const v = bandingMatrix(weight, out, inC, 3);
  const opts = { seed: 0, iterations: 300, tolerance: 1e-5 };
  const fit = await time('NMF 512x512x3x3 (4608 x 1024, rank 3), new, float64 V', () => nmf(v, out * 9, 2 * inC, 3, opts));
  console.log(`  ${fit.errors.length} rounds, error ${fit.errors.at(-1)!.toFixed(6)}`);
  const banding = await time('NMF 512x512x3x3, as banding runs it (float32 weights, V formed in onnxruntime)', () =>
    nmfOfSigns(weight, out, inC, 9, 3, opts),
  );
  console.log(`  ${banding.errors.length} rounds, error ${banding.errors.at(-1)!.toFixed(6)}`);
  if (!skipOld) {
    const errors = await time('NMF 512x512x3x3, old (JavaScript, error every round)', () => oldNmf(v, out * 9, 2 * inC, 3, 300, 1e-5));
    console.log(`  ${errors.length} rounds, error ${errors.at(-1)!.toFixed(6)}`);
  }

  const cross = await time(`cross-run correlation ${N} rows, new`, () => crossCorrelation(a, N, b, N, N));
  const matched = await time(`matching ${N} rows of related runs, new (featureMatching)`, () => featureMatching(cross, N, N));
  const total = (m: number[]) => m.reduce((s, j, i) => s + Math.abs(cross[i * N + j]), 0) / N;
  console.log(`  method ${matched.method}, mean |r| of matched pairs ${total(matched.matching).toFixed(6)}`);
  const unrelated = await crossCorrelation(a, N, bBase, N, N);
  const loose = await time(`matching ${N} rows of unrelated runs, new (featureMatching)`, () => featureMatching(unrelated, N, N));
  console.log(`  method ${loose.method}`);
  if (!skipOld) {
    await time(`cross-run correlation ${N} rows, old (JavaScript loops)`, () => oldCrossCorrelation(a, b, N, N));
    const exact = await time(`matching ${N} rows of related runs, exact Hungarian (old)`, () => bestMatching(cross, N, N));
    console.log(`  mean |r| of matched pairs, exact ${total(exact).toFixed(6)}`);
    await time(`matching ${N} rows of unrelated runs, exact Hungarian (old)`, () => bestMatching(unrelated, N, N));
  }
  await releaseLinalgSessions();
}

await main();
