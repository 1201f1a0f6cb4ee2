/**
 * Finite-difference check of gradient rules (test helper, no tests of its own). A case builds a small forward
 * graph from float32 inputs; the harness differentiates f = sum(y * R) for a fixed random R with the autodiff
 * engine and compares every checked element's gradient with the central difference (f(v+h) - f(v-h)) / 2h,
 * where f is evaluated in float64 from onnxruntime's float32 output y of the training-mode forward graph.
 */
import { encodeModel } from '../../../src/onnx/encode.js';
import { DataType } from '../../../src/onnx/types.js';
import { mulberry32 } from '../../../src/util/random.js';
import { GraphBuilder } from '../../../src/graph/builder.js';
import { inferShapes } from '../../../src/graph/shapes.js';
import { keepChannelsLast } from '../../../src/artifacts/autodiff/channels-last.js';
import { emitBackward, emitForward } from '../../../src/artifacts/autodiff/engine.js';
import { createSession, floatTensor, run, type RuntimeSession } from '../../../src/runtime/session.js';

export interface CaseInput {
  name: string;
  shape: number[];
  /** Default: uniform in [-1, 1) from the case's seed. */
  data?: Float32Array;
  /** Check the gradient of this input (default true). */
  wrt?: boolean;
}

export interface GradCase {
  inputs: CaseInput[];
  /** Adds the op(s) under test; returns the output tensor. */
  build(b: GraphBuilder, names: Record<string, string>): string;
  h?: number;
  seed?: number;
  /** Elements checked per input at most (spread evenly); default 60. */
  maxChecks?: number;
  /** Default-domain opset of the graphs (default 17), e.g. 18 for ReduceMean's axes input. */
  opset?: number;
}

export interface GradReport {
  /** max |analytic - numeric| / max(max |numeric|, 1e-3), per input. */
  relError: Record<string, number>;
  /** Largest numeric gradient magnitude per input (to show the check is not vacuous). */
  scale: Record<string, number>;
}

export function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * next());
}

/** Distinct values spaced `gap` apart in random order (no ties, no near-ties for max/relu). */
export function spaced(n: number, seed: number, gap = 0.05): Float32Array {
  const next = mulberry32(seed);
  const values = Array.from({ length: n }, (_, i) => (i - n / 2) * gap + gap / 2);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return Float32Array.from(values);
}

function count(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function forwardBuilder(c: GradCase): { b: GraphBuilder; y: string } {
  const b = new GraphBuilder({ opset: c.opset ?? 17 });
  const names: Record<string, string> = {};
  for (const input of c.inputs) names[input.name] = b.input(input.name, DataType.FLOAT, input.shape);
  const y = c.build(b, names);
  b.output(y, DataType.FLOAT);
  return { b, y };
}

async function session(b: GraphBuilder): Promise<RuntimeSession> {
  return createSession(encodeModel(b.build('gradcheck')), { device: 'cpu', graphOptimizationLevel: 'all', threads: 1 });
}

export async function gradCheck(c: GradCase): Promise<GradReport> {
  const seed = c.seed ?? 1;
  const h = c.h ?? 1e-2;
  const plain = forwardBuilder(c);
  const shapes = inferShapes(plain.b.build('forward').graph);
  const yShape = shapes.types.get(plain.y)!.shape!.map(Number);
  const values = new Map(c.inputs.map((i, k) => [i.name, i.data ?? uniform(count(i.shape), seed * 100 + k)]));
  const wrt = c.inputs.filter((i) => i.wrt !== false).map((i) => i.name);
  const r = uniform(count(yShape), seed * 100 + 99);

  const fb = new GraphBuilder({ opset: c.opset ?? 17 });
  for (const i of c.inputs) fb.input(i.name, DataType.FLOAT, i.shape);
  for (const t of plain.b.initializers) fb.initializer(t);
  emitForward(fb, plain.b.nodes, shapes, 'train');
  fb.output(plain.y, DataType.FLOAT);
  keepChannelsLast(fb);

  const gb = new GraphBuilder({ opset: c.opset ?? 17 });
  for (const i of c.inputs) gb.input(i.name, DataType.FLOAT, i.shape);
  for (const t of plain.b.initializers) gb.initializer(t);
  const dy = gb.input('seed.dY', DataType.FLOAT, yShape);
  const fwd = emitForward(gb, plain.b.nodes, shapes, 'train');
  const grads = emitBackward(gb, fwd, shapes, new Map([[plain.y, dy]]), wrt);
  for (const name of wrt) gb.output(grads.get(name)!, DataType.FLOAT);
  keepChannelsLast(gb);

  const forwardSession = await session(fb);
  const gradSession = await session(gb);
  const feeds = (): Record<string, ReturnType<typeof floatTensor>> =>
    Object.fromEntries(c.inputs.map((i) => [i.name, floatTensor(values.get(i.name)!, i.shape)]));
  const analytic = await run(gradSession, { ...feeds(), [dy]: floatTensor(r, yShape) });
  const f = async (): Promise<number> => {
    const out = (await run(forwardSession, feeds()))[plain.y]!.data as Float32Array;
    let s = 0;
    for (let i = 0; i < out.length; i++) s += out[i]! * r[i]!;
    return s;
  };

  const report: GradReport = { relError: {}, scale: {} };
  for (const name of wrt) {
    const v = values.get(name)!;
    const g = analytic[grads.get(name)!]!.data as Float32Array;
    const checks = Math.min(v.length, c.maxChecks ?? 60);
    let maxErr = 0;
    let scale = 0;
    for (let k = 0; k < checks; k++) {
      const i = Math.floor((k * v.length) / checks);
      const keep = v[i]!;
      v[i] = keep + h;
      const up = await f();
      v[i] = keep - h;
      const down = await f();
      v[i] = keep;
      const numeric = (up - down) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(g[i]! - numeric));
      scale = Math.max(scale, Math.abs(numeric));
    }
    report.relError[name] = maxErr / Math.max(scale, 1e-3);
    report.scale[name] = scale;
  }
  return report;
}

/** Every checked input: non-vacuous (some gradient element of magnitude > minScale) and within `tol`. */
export function assertGradientsMatch(report: GradReport, tol = 1e-3, minScale = 1e-2): void {
  for (const [name, err] of Object.entries(report.relError)) {
    if (!(report.scale[name]! > minScale)) throw new Error(`${name}: numeric gradient is (near) zero, the check is vacuous`);
    if (!(err < tol)) throw new Error(`${name}: relative error ${err} >= ${tol}`);
  }
}
