import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { JsSweeps, SimdSweeps } from '../../src/metrics/sweeps.js';

/** Deterministic float32 values in [-scale, scale). */
function values(n: number, seed: number, scale = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.fround((s / 2 ** 32 - 0.5) * 2 * scale);
  });
}

/** The definitions, element by element in float64 (float32 inputs are exact in float64). */
function reference(init: number[], prev: number[], cur: number[], tols: number[]) {
  let step = 0, norm = 0, l1 = 0, l2 = 0, dot = 0, initSq = 0, curSq = 0;
  const changed = tols.map(() => 0);
  cur.forEach((c, i) => {
    step += Math.abs(c - prev[i]!);
    norm += Math.abs(c);
    l1 += Math.abs(c - init[i]!);
    l2 += (c - init[i]!) ** 2;
    dot += c * init[i]!;
    initSq += init[i]! ** 2;
    curSq += c * c;
    tols.forEach((t, k) => (changed[k]! += Math.abs(c - init[i]!) > t ? 1 : 0));
  });
  return { step, norm, l1, l2, dot, initSq, curSq, changed };
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

const TOLS = [0, 1e-8, 1e-6, 1e-4, 1e-2];

test('the SIMD sweeps equal the definitions for every length, vector part and tail (n mod 4) alike', () => {
  const simd = new SimdSweeps();
  for (const n of [0, 1, 3, 4, 5, 8, 17, 1001]) {
    const init = values(n, 1);
    const prev = init.map((v, i) => Math.fround(v + values(n, 2, 0.01)[i]!));
    // Some elements unchanged and some changed by less than the smaller tolerances, so every count differs.
    const cur = prev.map((v, i) => (i % 5 === 0 ? v : Math.fround(v + values(n, 3, 10 ** -(i % 9))[i]!)));
    const [bi, bp, bc] = simd.buffers(3, n);
    bi!.set(init);
    bp!.set(prev);
    bc!.set(cur);
    const want = reference(init, prev, cur, TOLS);
    const s = simd.step(bi!, bp!, bc!);
    close(s.diff, want.step, `step diff n=${n}`);
    close(s.curNorm, want.norm, `step norm n=${n}`);
    close(s.initL1, want.l1, `step initL1 n=${n}`);
    close(s.initL2sq, want.l2, `step initL2sq n=${n}`);
    close(simd.l1(bc!), want.norm, `l1 n=${n}`);
    const d = simd.diff(bi!, bc!);
    close(d.l1, want.l1, `diff l1 n=${n}`);
    close(d.l2sq, want.l2, `diff l2sq n=${n}`);
    const f = simd.final(bi!, bc!, TOLS);
    assert.deepEqual(f.changed, want.changed, `counts n=${n}`);
    close(f.dot, want.dot, `dot n=${n}`);
    close(f.initSq, want.initSq, `initSq n=${n}`);
    close(f.lastSq, want.curSq, `lastSq n=${n}`);
  }
});

test('SIMD counts: a difference equal to the tolerance is not counted, NaN never is; NaN and Inf reach the norms', () => {
  const simd = new SimdSweeps();
  // Vector part (first four) and tail (fifth) both see each case.
  const [init, last] = simd.buffers(2, 5);
  init!.set([0, 1, 2, 3, 0]);
  last!.set([0.5, NaN, 2, 3.25, 0.5]);
  assert.deepEqual(simd.final(init!, last!, [0.5, 0.25, 0]).changed, [0, 2, 3]);
  assert.ok(Number.isNaN(simd.l1(last!)));
  last!.set([0, 0, 0, 0, -Infinity]);
  assert.equal(simd.l1(last!), Infinity);
  assert.ok(Number.isNaN(simd.step(init!, last!, last!).diff), 'Inf - Inf is NaN');
});

test('SIMD sweeps grow their memory for large buffers, and refuse arrays that are not their buffers', () => {
  const simd = new SimdSweeps();
  simd.buffers(2, 4);
  const n = 300_000;
  const [a, b] = simd.buffers(2, n);
  a!.fill(1.5);
  b!.fill(-0.5);
  assert.deepEqual(simd.diff(a!, b!), { l1: 2 * n, l2sq: 4 * n });
  assert.throws(() => simd.l1(new Float32Array(4)), /not one of this kernel's buffers/);
  const [c, d] = simd.buffers(2, 3);
  assert.throws(() => simd.diff(c!, d!.subarray(0, 2)), /length mismatch/);
});

test('JavaScript and SIMD sweeps agree on the same float32 data', () => {
  const js = new JsSweeps();
  const simd = new SimdSweeps();
  const n = 4099;
  const data = [values(n, 7), values(n, 8), values(n, 9)];
  const [ji, jp, jc] = js.buffers(3, n);
  const [si, sp, sc] = simd.buffers(3, n);
  [ji, jp, jc].forEach((b, k) => b!.set(data[k]!));
  [si, sp, sc].forEach((b, k) => b!.set(data[k]!));
  const a = js.step(ji!, jp!, jc!);
  const b = simd.step(si!, sp!, sc!);
  for (const key of ['diff', 'curNorm', 'initL1', 'initL2sq'] as const) close(b[key], a[key], key);
});

test('the committed WebAssembly bytes are compiled from the committed .wat', () => {
  execFileSync(process.execPath, [new URL('../../../scripts/build-wasm.mjs', import.meta.url).pathname, '--check'], { stdio: 'pipe' });
});

test('SIMD bfloat16 widening in place: every one of the 65536 words becomes the float32 with those bits on top', () => {
  const simd = new SimdSweeps();
  // Every bfloat16 pattern (NaNs, infinities, subnormals, signed zeros), then lengths whose tails (n mod 8) differ.
  const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
  for (const n of [65536, 65535, 1, 7, 8, 9, 17, 0]) {
    const words = all.subarray(65536 - n);
    const [view] = simd.buffers(1, n);
    new Uint16Array(simd.bf16Words(view!).buffer, simd.bf16Words(view!).byteOffset, n).set(words);
    const bits = new Uint32Array(simd.widenBf16(view!).buffer, view!.byteOffset, n);
    for (let i = 0; i < n; i++) {
      if (bits[i] !== words[i]! * 65536) assert.fail(`n = ${n}, word ${words[i]!.toString(16)}: got ${bits[i]!.toString(16)}`);
    }
  }
});
