/**
 * Dense matrix products on onnxruntime's CPU MatMul (multi-threaded, vectorized), for the analysis's linear algebra
 * (feature correlation, cross-run matching, NMF). Inputs and outputs are plain row-major typed arrays.
 *
 * Each product runs a tiny ONNX graph built here (inputs with symbolic dimensions, so one session serves every shape
 * of its kind). Sessions are created on first use and cached for the life of the process, one per kind of graph
 * and thread count. Threads: `os.availableParallelism()` intra-op threads unless `setLinalgThreads` says otherwise
 * (analyze passes its `--threads`); the results do not depend on it (test/linalg checks 1 vs 4 threads bytewise:
 * onnxruntime's GEMM splits the output, not the summed dimension).
 *
 * Sessions come from src/runtime/session.ts (the owner of onnxruntime), loaded on the first product (a dynamic
 * import), so commands that never multiply matrices do not load the native library.
 */
import { availableParallelism } from 'node:os';
import { encodeModel } from '../onnx/encode.js';
import { DataType, type Graph, type Model, type Node, type Tensor, type ValueInfo } from '../onnx/types.js';

export type Precision = 'float32' | 'float64';

type Runtime = typeof import('../runtime/session.js');
export type LinalgSession = import('../runtime/session.js').RuntimeSession;
export type LinalgFeeds = import('../runtime/session.js').Feeds;
type LinalgOutputs = Record<string, import('../runtime/session.js').OutputTensor>;

let threads = 0;
const sessions = new Map<string, Promise<LinalgSession>>();
let runtime: Runtime | undefined;

async function loadRuntime(): Promise<Runtime> {
  runtime ??= await import('../runtime/session.js');
  return runtime;
}

/** Intra-op threads of the products from now on; 0 = one per available core (the default). */
export function setLinalgThreads(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`setLinalgThreads: expected a non-negative integer, got ${n}`);
  threads = n;
}

/**
 * Loads onnxruntime and creates its environment and the session of the float64 correlation product now (about
 * 50 ms of module loading and thread-pool setup), so that work started alongside (analyze's pass) hides it. Never
 * rejects: a runtime that fails to load fails the first real product instead, with its error.
 */
export async function warmUpLinalg(): Promise<void> {
  try {
    await matmulTransB(new Float64Array(1), 1, new Float64Array(1), 1, 1, { clampUnit: true });
  } catch {
    // Reported by the first real product.
  }
}

/** Releases every cached session (tests, or a long-lived process that is done with the analysis). */
export async function releaseLinalgSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const s of all) await runtime!.releaseSession(await s);
}

function elemType(p: Precision): DataType {
  return p === 'float32' ? DataType.FLOAT : DataType.DOUBLE;
}

function input(name: string, p: Precision, shape: (number | string)[]): ValueInfo {
  return { name, elemType: elemType(p), shape };
}

function node(opType: string, inputs: string[], outputs: string[], attributes: Node['attributes'] = {}): Node {
  return { name: outputs[0]!, opType, domain: '', inputs, outputs, attributes };
}

/** A model over `graph` at opset 17. */
export function linalgModel(graph: Omit<Graph, 'name' | 'valueInfo' | 'initializers'> & Partial<Graph>): Model {
  return {
    irVersion: 8,
    producerName: 'weightscale-linalg',
    producerVersion: '',
    opsetImports: [{ domain: '', version: 17 }],
    metadata: {},
    graph: { name: 'linalg', valueInfo: [], initializers: [], ...graph },
  };
}

/** The session for `kind` at the current thread count, built from `build()` on first use. */
export function cachedSession(kind: string, build: () => Model): Promise<LinalgSession> {
  const intraOpNumThreads = threads > 0 ? threads : availableParallelism();
  const key = `${kind}@${intraOpNumThreads}`;
  let s = sessions.get(key);
  if (!s) {
    const bytes = encodeModel(build());
    s = loadRuntime().then((rt) =>
      rt.createSession(bytes, {
        device: 'cpu',
        threads: intraOpNumThreads,
        // The graphs are already minimal, and onnxruntime's fusions change their arithmetic: at 'basic' a double
        // epsilon of 1e-300 added to a MatMul result came out as 0 (0/0 = NaN in the NMF update).
        graphOptimizationLevel: 'disabled',
        // A factorization runs many small ops per round: spinning threads make it up to 4x slower on a busy machine.
        allowSpinning: false,
        label: `the ${kind} graph`,
      }),
    );
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  }
  return s;
}

function loaded(what: string): Runtime {
  if (!runtime) throw new Error(`${what}: onnxruntime is not loaded yet (create the session first)`);
  return runtime;
}

/** A feed tensor viewing `data` (no copy); valid once a session exists (the runtime is loaded). */
export function tensorOf(data: Float32Array | Float64Array, dims: number[]): LinalgFeeds[string] {
  const rt = loaded('tensorOf');
  return data instanceof Float32Array ? rt.floatTensor(data, dims) : rt.float64Tensor(data, dims);
}

/** A scalar feed tensor: float64 from a number, int64 from a bigint (same precondition as tensorOf). */
export function scalarTensor(value: number | bigint): LinalgFeeds[string] {
  const rt = loaded('scalarTensor');
  return typeof value === 'bigint' ? rt.scalarI64(value) : rt.scalarF64(value);
}

/** Runs a cached session (the runtime is loaded once the session exists): outputs by name, as plain typed arrays. */
export async function runSession(session: LinalgSession, feeds: LinalgFeeds): Promise<LinalgOutputs> {
  return loaded('runSession').run(session, feeds);
}

function precisionOf(data: Float32Array | Float64Array): Precision {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

function checkSize(data: ArrayLike<number>, rows: number, cols: number, what: string): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data.length !== rows * cols) {
    throw new Error(`${what}: expected ${rows} x ${cols} = ${rows * cols} values, got ${data.length}`);
  }
}

/**
 * C = A B^T for row-major A (m x k) and B (n x k), both float32 or both float64; C is m x n of the same type.
 * This is the shape of every Gram/correlation product (rows against rows), so neither operand is ever transposed in
 * JavaScript. With `clampUnit`, C's entries are clamped to [-1, 1] (correlations of unit rows, whose rounding can
 * step past 1) by onnxruntime, on the way out.
 */
export async function matmulTransB<T extends Float32Array | Float64Array>(
  a: T,
  m: number,
  b: T,
  n: number,
  k: number,
  opts: { clampUnit?: boolean } = {},
): Promise<T> {
  checkSize(a, m, k, 'matmulTransB (A)');
  checkSize(b, n, k, 'matmulTransB (B)');
  const p = precisionOf(a);
  if (precisionOf(b) !== p) throw new Error('matmulTransB: A and B must have the same element type');
  if (m === 0 || n === 0) return (p === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n)) as T;
  if (k === 0) return (p === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n)) as T;
  const clamp = opts.clampUnit === true;
  const session = await cachedSession(`matmulTransB:${p}${clamp ? ':clampUnit' : ''}`, () => {
    const bound = (name: string, value: number): Tensor => ({
      name,
      dataType: elemType(p),
      dims: [],
      data: p === 'float32' ? Float32Array.of(value) : Float64Array.of(value),
    });
    return linalgModel({
      inputs: [input('a', p, ['m', 'k']), input('b', p, ['n', 'k'])],
      outputs: [input('c', p, ['m', 'n'])],
      initializers: clamp ? [bound('lo', -1), bound('hi', 1)] : [],
      nodes: clamp
        ? [node('Gemm', ['a', 'b'], ['ab'], { transB: { type: 'int', value: 1 } }), node('Clip', ['ab', 'lo', 'hi'], ['c'])]
        : [node('Gemm', ['a', 'b'], ['c'], { transB: { type: 'int', value: 1 } })],
    });
  });
  const out = await runSession(session, { a: tensorOf(a, [m, k]), b: tensorOf(b, [n, k]) });
  return out.c!.data as T;
}
