/**
 * The sweeps of the streaming pass behind one interface, in two implementations: JavaScript over any FloatData
 * (float64 tensors), and WebAssembly SIMD over float32 buffers that live in the kernel's own memory (wasm/sums.wat:
 * 3-4x faster; the reader fills those buffers in place, so nothing is copied). Both widen to float64 before any
 * arithmetic and sum in float64; they differ only in the order of additions.
 */
import { assertSameLength } from './check.js';
import { diffNorms, norms } from './norms.js';
import { finalParts, stepParts, type FinalParts, type StepParts } from './step.js';
import type { FloatData, NormPair } from './types.js';
import { WASM_BASE64 } from './wasm/sums-wasm.js';

export interface Sweeps<T extends FloatData = FloatData> {
  /** `count` buffers of n elements each; valid until the next call of `buffers`. */
  buffers(count: number, n: number): T[];
  /** sum |x| */
  l1(x: T): number;
  /** L1 and squared L2 norm of b - a. */
  diff(a: T, b: T): NormPair;
  step(init: T, prev: T, cur: T): StepParts;
  /** At most five tolerances. */
  final(init: T, last: T, tols: readonly number[]): FinalParts;
}

export class JsSweeps implements Sweeps<Float64Array> {
  private pool: Float64Array[] = [];

  buffers(count: number, n: number): Float64Array[] {
    if (this.pool.length < count || this.pool[0]!.length < n) this.pool = Array.from({ length: count }, () => new Float64Array(n));
    return this.pool.slice(0, count).map((b) => b.subarray(0, n));
  }
  l1(x: Float64Array): number {
    return norms(x).l1;
  }
  diff(a: Float64Array, b: Float64Array): NormPair {
    return diffNorms(a, b);
  }
  step(init: Float64Array, prev: Float64Array, cur: Float64Array): StepParts {
    return stepParts(init, prev, cur);
  }
  final(init: Float64Array, last: Float64Array, tols: readonly number[]): FinalParts {
    return finalParts(init, last, tols);
  }
}

interface SumsExports {
  memory: WebAssembly.Memory;
  l1(x: number, n: number, out: number): void;
  diff(a: number, b: number, n: number, out: number): void;
  step(init: number, prev: number, cur: number, n: number, out: number): void;
  final(init: number, last: number, n: number, t0: number, t1: number, t2: number, t3: number, t4: number, out: number): void;
  widen_bf16(dst: number, n: number): void;
}

let compiled: WebAssembly.Module | null = null;

/** Results are written at byte 0 of the memory (eight float64); buffers start after them, 16-byte aligned. */
const OUT_BYTES = 64;
const PAGE = 65536;

export class SimdSweeps implements Sweeps<Float32Array> {
  private readonly wasm: SumsExports;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
    this.wasm = new WebAssembly.Instance(compiled).exports as unknown as SumsExports;
  }

  buffers(count: number, n: number): Float32Array[] {
    const stride = Math.ceil((n * 4) / 16) * 16;
    const needed = OUT_BYTES + count * stride;
    const memory = this.wasm.memory;
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    return Array.from({ length: count }, (_, k) => new Float32Array(memory.buffer, OUT_BYTES + k * stride, n));
  }

  l1(x: Float32Array): number {
    this.wasm.l1(this.at(x), x.length, 0);
    return this.out()[0]!;
  }

  diff(a: Float32Array, b: Float32Array): NormPair {
    assertSameLength(a, b, 'diff');
    this.wasm.diff(this.at(a), this.at(b), a.length, 0);
    const out = this.out();
    return { l1: out[0]!, l2sq: out[1]! };
  }

  step(init: Float32Array, prev: Float32Array, cur: Float32Array): StepParts {
    assertSameLength(prev, cur, 'step');
    assertSameLength(init, cur, 'step');
    this.wasm.step(this.at(init), this.at(prev), this.at(cur), cur.length, 0);
    const out = this.out();
    return { diff: out[0]!, curNorm: out[1]!, initL1: out[2]!, initL2sq: out[3]! };
  }

  final(init: Float32Array, last: Float32Array, tols: readonly number[]): FinalParts {
    assertSameLength(init, last, 'final');
    if (tols.length > 5) throw new Error('final: at most five tolerances');
    const t = [...tols, Infinity, Infinity, Infinity, Infinity, Infinity];
    this.wasm.final(this.at(init), this.at(last), init.length, t[0]!, t[1]!, t[2]!, t[3]!, t[4]!, 0);
    const out = this.out();
    return { changed: Array.from(out.subarray(0, tols.length)), dot: out[5]!, initSq: out[6]!, lastSq: out[7]! };
  }

  /**
   * Where to put a bfloat16 segment's raw words for `widenBf16(view)`: the upper half of the buffer's bytes (a
   * buffer from `buffers`).
   */
  bf16Words(view: Float32Array): Uint8Array {
    return new Uint8Array(this.wasm.memory.buffer, this.at(view) + view.length * 2, view.length * 2);
  }

  /** Turns the little-endian bfloat16 words at `bf16Words(view)` into `view`'s float32 values, in place (SIMD). */
  widenBf16(view: Float32Array): Float32Array {
    this.wasm.widen_bf16(this.at(view), view.length);
    return view;
  }

  /** The byte offset of a buffer from `buffers` (anything else is a programming error). */
  private at(view: Float32Array): number {
    if (view.buffer !== this.wasm.memory.buffer) throw new Error('SimdSweeps: the array is not one of this kernel\'s buffers');
    return view.byteOffset;
  }

  private out(): Float64Array {
    return new Float64Array(this.wasm.memory.buffer, 0, 8);
  }
}
