/**
 * onnxruntime sessions: with src/runtime/cuda.ts the only place that imports onnxruntime-node. Training, the
 * gradient checks and the analysis's linear algebra (src/linalg, which loads this module on its first product)
 * create sessions, build input tensors and run models through these functions and see plain typed arrays.
 *
 * Execution providers (`--device`):
 * - `cpu`: the CPU provider, always available.
 * - `cuda`: the CUDA provider; if it cannot be appended to the session (the CUDA EP binaries are not downloaded by
 *   default, no driver, no GPU) an InputError with an install hint is thrown. onnxruntime does NOT silently fall back
 *   when the CUDA provider fails to load: appending it throws ("OrtSessionOptionsAppendExecutionProvider_Cuda: Failed
 *   to load shared library"), so a session that was created with `cuda` is a CUDA session. Nodes the CUDA provider has
 *   no kernel for still run on CPU inside that session (onnxruntime's normal partitioning).
 * - `auto`: tries `cuda`, and on failure uses `cpu` and records why in `notes` (onnxruntime's error text plus what
 *   weightscale found missing), like onnxruntime's own backend resolution reports every reason.
 *
 * Logging: onnxruntime's process-wide logger is set to `fatal` by default, because a failed CUDA attempt under `auto`
 * otherwise prints a red error line that `notes` already explains. Set WEIGHTSCALE_ORT_LOG to verbose|info|warning|
 * error|fatal to see onnxruntime's own log (it is read once, before the first session is created).
 */
import * as ort from 'onnxruntime-node';
import { InputError } from '../errors.js';
import type { TensorData } from '../onnx/types.js';
import { CUDA_INSTALL_HINT, cudaDiagnosis, cudaFailureText } from './cuda.js';

/** `--device`: which execution provider to ask for. */
export type Device = 'auto' | 'cuda' | 'cpu';
export type Provider = 'cuda' | 'cpu';
export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

/** A tensor ready to feed a session (an onnxruntime Tensor; callers need not import onnxruntime). */
export type FeedTensor = ort.Tensor;
export type Feeds = Record<string, FeedTensor>;

/** Data of a session output (the same typed arrays as ONNX tensor data); INT64 outputs come as BigInt64Array. */
export type OutputData = TensorData;

export interface OutputTensor {
  data: OutputData;
  dims: number[];
}

export interface CreateSessionOptions {
  device: Device;
  /** Intra-op threads; 0 or undefined lets onnxruntime choose (one per core). */
  threads?: number;
  graphOptimizationLevel?: GraphOptimizationLevel;
  enableProfiling?: boolean;
  /** File prefix of the profile JSON written when profiling is on. */
  profileFilePrefix?: string;
  /** Used in error messages, e.g. the model's file name. */
  label?: string;
  /**
   * false: intra-op threads sleep between parallel sections instead of spinning (for many small ops in a row on a
   * busy machine, where spinning threads take the cores their descheduled siblings need). Default: onnxruntime's.
   */
  allowSpinning?: boolean;
}

export interface RuntimeSession {
  session: ort.InferenceSession;
  /** The execution provider the session was created with. */
  provider: Provider;
  /** Why CUDA was not used (under `auto`), or other remarks; empty when nothing to say. */
  notes: string[];
  /** Under `auto` on CPU: why CUDA was not used, in a few words (the full reason is in `notes`); else null. */
  fallback: string | null;
  inputNames: readonly string[];
  outputNames: readonly string[];
}

const ORT_LOG_LEVELS = ['verbose', 'info', 'warning', 'error', 'fatal'] as const;
type OrtLogLevel = (typeof ORT_LOG_LEVELS)[number];
let logLevelConfigured = false;

function configureOrtLogging(): void {
  if (logLevelConfigured) return;
  logLevelConfigured = true;
  const requested = process.env.WEIGHTSCALE_ORT_LOG;
  const level: OrtLogLevel = ORT_LOG_LEVELS.includes(requested as OrtLogLevel) ? (requested as OrtLogLevel) : 'fatal';
  ort.env.logLevel = level;
}

function baseSessionOptions(opts: CreateSessionOptions): ort.InferenceSession.SessionOptions {
  const options: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: opts.graphOptimizationLevel ?? 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    enableProfiling: opts.enableProfiling ?? false,
  };
  if (opts.threads !== undefined && opts.threads > 0) options.intraOpNumThreads = opts.threads;
  if (opts.profileFilePrefix !== undefined) options.profileFilePrefix = opts.profileFilePrefix;
  if (opts.allowSpinning === false) options.extra = { session: { intra_op: { allow_spinning: '0' } } };
  return options;
}

async function open(model: Uint8Array | string, options: ort.InferenceSession.SessionOptions) {
  // Two calls because create()'s overloads take a path or bytes, not their union.
  return typeof model === 'string'
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options);
}

function errorLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
}

function loadError(label: string | undefined, e: unknown): Error {
  const where = label === undefined ? 'model' : label;
  return new Error(`onnxruntime could not load ${where}: ${errorLine(e)}`);
}

/**
 * Creates an inference session on the requested device. `cuda` throws InputError when the CUDA provider cannot be
 * used; `auto` falls back to CPU and explains why in `notes`. A model onnxruntime rejects gives an Error naming
 * `opts.label` (callers turn it into an InputError when the model came from the user).
 */
export async function createSession(model: Uint8Array | string, opts: CreateSessionOptions): Promise<RuntimeSession> {
  configureOrtLogging();
  const base = baseSessionOptions(opts);
  const notes: string[] = [];
  let fallback: string | null = null;
  if (opts.device === 'cuda' || opts.device === 'auto') {
    let cudaFailure: unknown;
    try {
      const session = await open(model, { ...base, executionProviders: ['cuda', 'cpu'] });
      return wrap(session, 'cuda', notes, null);
    } catch (e) {
      cudaFailure = e;
    }
    const reason = cudaFailureText(errorLine(cudaFailure));
    if (reason === undefined) throw loadError(opts.label, cudaFailure);
    const { notes: diagnosis, short } = cudaDiagnosis();
    fallback = short;
    if (opts.device === 'cuda') {
      const detail = [reason, ...diagnosis].join('; ');
      throw new InputError(`--device cuda: the CUDA execution provider could not be used (${detail}); ${CUDA_INSTALL_HINT}`);
    }
    notes.push(`CUDA execution provider not used: ${reason}`, ...diagnosis);
  }
  try {
    const session = await open(model, { ...base, executionProviders: ['cpu'] });
    return wrap(session, 'cpu', notes, fallback);
  } catch (e) {
    throw loadError(opts.label, e);
  }
}

function wrap(session: ort.InferenceSession, provider: Provider, notes: string[], fallback: string | null): RuntimeSession {
  return { session, provider, notes, fallback, inputNames: session.inputNames, outputNames: session.outputNames };
}

export async function releaseSession(s: RuntimeSession): Promise<void> {
  await s.session.release();
}

/** A float32 tensor over `data` (no copy: the tensor views the same memory). */
export function floatTensor(data: Float32Array, dims: readonly number[]): FeedTensor {
  checkSize(data.length, dims);
  return new ort.Tensor('float32', data, dims);
}

/** An int64 tensor over `data` (no copy). */
export function int64Tensor(data: BigInt64Array, dims: readonly number[]): FeedTensor {
  checkSize(data.length, dims);
  return new ort.Tensor('int64', data, dims);
}

/** A float64 tensor over `data` (no copy). */
export function float64Tensor(data: Float64Array, dims: readonly number[]): FeedTensor {
  checkSize(data.length, dims);
  return new ort.Tensor('float64', data, dims);
}

export function scalarF32(value: number): FeedTensor {
  return new ort.Tensor('float32', Float32Array.of(value), []);
}

export function scalarI64(value: number | bigint): FeedTensor {
  return new ort.Tensor('int64', BigInt64Array.of(BigInt(value)), []);
}

export function scalarF64(value: number): FeedTensor {
  return new ort.Tensor('float64', Float64Array.of(value), []);
}

function checkSize(length: number, dims: readonly number[]): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== length) throw new Error(`tensor of ${length} elements cannot have shape [${dims.join(', ')}]`);
}

/**
 * Runs the session and returns its outputs (all, or those named in `outputs`) as plain typed arrays. The arrays
 * belong to the caller; feeding one back with floatTensor() does not copy it. `into` gives preallocated tensors for
 * some of the outputs: onnxruntime writes those outputs into their memory instead of allocating (the tensor must
 * have the output's exact type and shape, and must not share memory with any input).
 */
export async function run(
  s: RuntimeSession,
  feeds: Feeds,
  outputs?: readonly string[],
  into?: Readonly<Record<string, FeedTensor>>,
): Promise<Record<string, OutputTensor>> {
  let result: ort.InferenceSession.ReturnType;
  if (into === undefined) {
    result = outputs === undefined ? await s.session.run(feeds) : await s.session.run(feeds, outputs);
  } else {
    const fetches: Record<string, ort.Tensor | null> = {};
    for (const name of outputs ?? s.outputNames) fetches[name] = into[name] ?? null;
    result = await s.session.run(feeds, fetches);
  }
  const plain: Record<string, OutputTensor> = {};
  for (const [name, tensor] of Object.entries(result)) {
    plain[name] = { data: tensor.data as OutputData, dims: [...tensor.dims] };
  }
  return plain;
}

/** Reads a scalar output as a number (float or int64). */
export function scalarValue(t: OutputTensor): number {
  if (t.data.length !== 1) throw new Error(`expected a scalar output, got ${t.data.length} elements`);
  return Number(t.data[0]!);
}
