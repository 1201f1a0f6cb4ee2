/**
 * The streaming pass (docs/design.md section 10): everything that needs two or more checkpoints (RWC between consecutive
 * ones, distances from the first and between every k-th, change counts and cosine of the last against the first),
 * computed tensor by tensor, in chunks, across all checkpoints. Checkpoints are never held whole: memory is a few
 * chunk buffers per thread. Jobs run on worker threads (pass-pool.ts) and their sums are added up in job order, so
 * the result does not depend on the number of threads.
 *
 * Non-finite weights (a diverged run) are data: any number that touches a NaN or Inf is null (docs/design.md section 3).
 */
import type { TensorEntry } from '../checkpoint/types.js';
import type { TensorRange } from '../model/types.js';
import { bytesPerElement } from '../checkpoint/read-tensor.js';
import { cosineFromSums } from '../metrics/index.js';
import { planJobs, type PlannedTensor } from './chunks.js';
import { runJobs } from './pass-pool.js';
import { checkpointsRead, type SegmentSums } from './segment-sums.js';
import { CHANGE_TOLERANCES, type RwcMethod } from './types.js';

export interface PassLayer {
  name: string;
  /** The tensors whose concatenation is the layer's parameter vector (weight only, or weight + extras). */
  tensors: string[];
  /**
   * A q/k/v part row: the index (in the pass's layer list) of the fused layer it is part of, and its element ranges
   * (of `tensors`). A fused tensor whose parts cover it is read once, each range counting towards the part and the
   * fused layer. Part rows are left out of the sums over all layers.
   */
  part?: { of: number; ranges: TensorRange[] };
}

export interface PassInput {
  /** Number of checkpoints (>= 2). */
  checkpoints: number;
  layers: PassLayer[];
  /** A tensor's entry in each checkpoint (null where unmatched); entry 0 is the reference and never null. */
  entries: (tensor: string) => (TensorEntry | null)[];
  rwc: RwcMethod;
  /** Distance between every k-th checkpoint. */
  every: number;
  threads: number;
  /** Elements per job and checkpoint. */
  chunkElements: number;
  /** Bytes read so far, of `total`. */
  onRead?: (done: number, total: number) => void;
  /** Bytes of weights per worker thread below which fewer threads are started (default 64 MB; tests set 0). */
  bytesPerWorker?: number;
  /**
   * An incremental pass (pass-cache.ts): the sums of an earlier pass over the same layers whose first `from`
   * checkpoints were these checkpoints. Only checkpoints from `from` on are summed; the earlier ones' sums, and the
   * every-k pairs that end before `from`, are taken as they are. Per layer and checkpoint the sums are added in the
   * same order either way, so the result is the same bits as a full pass.
   */
  reuse?: { from: number; totals: readonly LayerTotals[]; pairs: readonly [number, number][] };
  /**
   * `analyze --shard`: the layers (indices into `layers`) whose sums to compute; a fused layer and its q/k/v parts
   * go together. The others' sums are left at zero. Absent: all.
   */
  only?: ReadonlySet<number>;
}

export interface PassResult {
  /** [layer][t-1], t = 1..count-1; null where undefined (zero denominator, missing or non-finite weights). */
  rwc: (number | null)[][];
  /** mean-relative only: elements skipped because the previous weight was exactly 0. */
  zeroElementsSkipped: number;
  /** Over all layers' vectors, per checkpoint (index 0 is 0); null where some layer is missing or non-finite. */
  distanceFromInit: { l1: (number | null)[]; l2: (number | null)[] };
  /** [layer][checkpoint] L2 distance of the layer vector from its initial value. */
  layerDistanceFromInit: (number | null)[][];
  every: { k: number; from: number[]; to: number[]; l1: (number | null)[]; l2: (number | null)[] };
  /** [layer][tolerance index] elements with |w_last - w_first| > tol; null when either end is missing or non-finite. */
  changedCounts: (number[] | null)[];
  layerSizes: number[];
  cosineToInit: (number | null)[];
  /** [layer] checkpoint indices where the layer holds a NaN or Inf. */
  nonFinite: number[][];
  /** Bytes read from the checkpoints. */
  bytesRead: number;
  /** Each layer's sums (what an incremental pass reuses). */
  totals: LayerTotals[];
}

/**
 * Bytes of weights each worker thread must have to read before it pays for its start-up (set on 2 cores with the
 * JavaScript sweeps; not re-tuned for the SIMD ones).
 */
const BYTES_PER_WORKER = 64 * 2 ** 20;

export function everyPairs(count: number, k: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let to = k; to < count; to += k) pairs.push([to - k, to]);
  return pairs;
}

/** Per-layer totals: the segments' sums added up, and the layer's element count. */
export type LayerTotals = SegmentSums & { elements: number };

/** Every sum of a segment (and of a layer's totals). */
export const SUM_KEYS = ['norm', 'change', 'terms', 'initL1', 'initL2sq', 'pairL1', 'pairL2sq', 'changed', 'cosine'] as const satisfies readonly (keyof SegmentSums)[];

export async function runPass(input: PassInput): Promise<PassResult> {
  const T = input.checkpoints;
  if (T < 2) throw new Error('runPass needs at least two checkpoints');
  const pairs = everyPairs(T, input.every);
  const from = input.reuse?.from ?? 1;
  if (from < 1 || from >= T) throw new Error(`runPass: nothing to sum from checkpoint ${from} of ${T}`);
  const sumOptions = { checkpoints: T, rwc: input.rwc, pairs, from };
  const reads = checkpointsRead(sumOptions);
  const jobs = planJobs(planTensors(input), input.chunkElements);
  const jobBytes = new Map(
    jobs.map((job) => [job, job.segments.reduce((s, seg) => s + reads.reduce((b, t) => b + (seg.entries[t] ? seg.count * bytesPerElement(seg.entries[t]!) : 0), 0), 0)]),
  );
  const total = [...jobBytes.values()].reduce((s, b) => s + b, 0);
  let done = 0;
  input.onRead?.(0, total);
  // A worker's start-up (~35 ms, measured with the SIMD sweeps) is worth it only with enough to read: small runs stay on the calling thread.
  const perWorker = input.bytesPerWorker ?? BYTES_PER_WORKER;
  const threads = Math.max(1, Math.min(input.threads, perWorker > 0 ? Math.floor(total / perWorker) : input.threads));
  const totals: LayerTotals[] = input.layers.map(() => ({
    elements: 0,
    norm: new Float64Array(T),
    change: new Float64Array(T),
    terms: new Float64Array(T),
    initL1: new Float64Array(T),
    initL2sq: new Float64Array(T),
    pairL1: new Float64Array(pairs.length),
    pairL2sq: new Float64Array(pairs.length),
    changed: new Float64Array(CHANGE_TOLERANCES.length),
    cosine: new Float64Array(3),
  }));
  // Jobs arrive in job order: the same additions in the same order whatever the threads.
  await runJobs(jobs, sumOptions, threads, (job, results) => {
    job.segments.forEach((seg, s) => addSegment(totals, seg.layers, seg.count, results[s]!));
    done += jobBytes.get(job)!;
    input.onRead?.(done, total);
  });
  if (input.reuse) takeEarlierSums(totals, input.reuse, pairs);
  return assemble(input, totals, pairs, total);
}

/** The sums an incremental pass did not compute (checkpoints before `from`, pairs ending before it), from the earlier pass. */
function takeEarlierSums(totals: LayerTotals[], reuse: NonNullable<PassInput['reuse']>, pairs: readonly [number, number][]): void {
  if (reuse.totals.length !== totals.length) throw new Error('runPass: the reused sums are for other layers');
  const earlierPair = new Map(reuse.pairs.map(([a, b], i) => [`${a}-${b}`, i]));
  totals.forEach((acc, li) => {
    const old = reuse.totals[li]!;
    for (const key of ['norm', 'change', 'terms', 'initL1', 'initL2sq'] as const) acc[key].set(old[key].subarray(0, reuse.from));
    pairs.forEach(([a, b], p) => {
      if (b >= reuse.from) return;
      const i = earlierPair.get(`${a}-${b}`);
      if (i === undefined) throw new Error(`runPass: no reused sums for the every-k pair ${a}-${b}`);
      acc.pairL1[p] = old.pairL1[i]!;
      acc.pairL2sq[p] = old.pairL2sq[i]!;
    });
  });
}

/** The sums of a pass that reads nothing: every checkpoint's are the earlier pass's (the same checkpoints, the same layers). */
export function passFromTotals(input: PassInput, totals: LayerTotals[]): PassResult {
  return assemble(input, totals, everyPairs(input.checkpoints, input.every), 0);
}

function addSegment(totals: LayerTotals[], layers: readonly number[], count: number, sums: SegmentSums): void {
  for (const li of layers) {
    const acc = totals[li]!;
    acc.elements += count;
    for (const key of SUM_KEYS) {
      const into = acc[key];
      const from = sums[key];
      for (let i = 0; i < into.length; i++) into[i] += from[i]!;
    }
  }
}

/**
 * What to read, in a fixed order: each layer's tensors whole, except a fused tensor that its q/k/v parts cover
 * exactly, which is read as the parts' ranges, each counting towards the part and the fused layer.
 */
function planTensors(input: PassInput): PlannedTensor[] {
  const partsOf = new Map<number, number[]>();
  input.layers.forEach((layer, li) => {
    if (!layer.part) return;
    const list = partsOf.get(layer.part.of);
    if (list) list.push(li);
    else partsOf.set(layer.part.of, [li]);
  });
  const planned: PlannedTensor[] = [];
  input.layers.forEach((layer, li) => {
    if (layer.part || (input.only && !input.only.has(li))) return;
    const parts = partsOf.get(li) ?? [];
    const covered = coveredTensors(parts.flatMap((pi) => input.layers[pi]!.part!.ranges), input.entries);
    for (const name of layer.tensors) if (!covered.has(name)) planned.push({ layers: [li], entries: input.entries(name) });
    for (const pi of parts) {
      for (const r of input.layers[pi]!.part!.ranges) {
        planned.push({ layers: covered.has(r.tensor) ? [pi, li] : [pi], entries: input.entries(r.tensor), start: r.start, count: r.count });
      }
    }
  });
  return planned;
}

/** Tensors whose elements the ranges cover exactly once. */
function coveredTensors(ranges: readonly TensorRange[], entries: PassInput['entries']): Set<string> {
  const byTensor = new Map<string, TensorRange[]>();
  for (const r of ranges) {
    const list = byTensor.get(r.tensor);
    if (list) list.push(r);
    else byTensor.set(r.tensor, [r]);
  }
  const covered = new Set<string>();
  for (const [tensor, list] of byTensor) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    let next = 0;
    for (const r of sorted) next = r.start === next ? next + r.count : -1;
    if (next === entries(tensor)[0]!.elements) covered.add(tensor);
  }
  return covered;
}

function assemble(input: PassInput, totals: LayerTotals[], pairs: [number, number][], bytesRead: number): PassResult {
  const T = input.checkpoints;
  // A segment missing at t, or holding a NaN/Inf there, leaves the layer's norm non-finite at t.
  const bad = totals.map((acc) => Array.from(acc.norm, (v) => !Number.isFinite(v)));
  let zeroElementsSkipped = 0;
  const rwc = totals.map((acc, li) =>
    Array.from({ length: T - 1 }, (_, i): number | null => {
      const t = i + 1;
      if (bad[li]![t - 1] || bad[li]![t]) return null;
      if (input.rwc === 'l1-ratio') return acc.norm[t - 1] === 0 ? null : acc.change[t]! / acc.norm[t - 1]!;
      zeroElementsSkipped += acc.elements - acc.terms[t]!;
      return acc.terms[t] === 0 ? null : acc.change[t]! / acc.terms[t]!;
    }),
  );
  const fromInit = (li: number, t: number) => !bad[li]![0] && !bad[li]![t];
  const layerDistanceFromInit = totals.map((acc, li) =>
    Array.from({ length: T }, (_, t) => (fromInit(li, t) ? Math.sqrt(acc.initL2sq[t]!) : null)),
  );
  // Sums over all layers leave out q/k/v part rows: their fused layer already counts their elements.
  const whole = totals.flatMap((acc, li) => (input.layers[li]!.part ? [] : [{ acc, li }]));
  const overLayers = (t: number, value: (acc: LayerTotals) => number): number | null =>
    whole.every(({ li }) => fromInit(li, t)) ? whole.reduce((s, { acc }) => s + value(acc), 0) : null;
  const l2sq = Array.from({ length: T }, (_, t) => overLayers(t, (acc) => acc.initL2sq[t]!));
  const pairOk = (p: number) => whole.every(({ li }) => !bad[li]![pairs[p]![0]] && !bad[li]![pairs[p]![1]]);
  const pairL2sq = pairs.map((_, p) => (pairOk(p) ? whole.reduce((s, { acc }) => s + acc.pairL2sq[p]!, 0) : null));
  const ends = (li: number) => !bad[li]![0] && !bad[li]![T - 1];
  return {
    rwc,
    zeroElementsSkipped,
    distanceFromInit: {
      l1: Array.from({ length: T }, (_, t) => overLayers(t, (acc) => acc.initL1[t]!)),
      l2: l2sq.map((v) => (v === null ? null : Math.sqrt(v))),
    },
    layerDistanceFromInit,
    every: {
      k: input.every,
      from: pairs.map((p) => p[0]),
      to: pairs.map((p) => p[1]),
      l1: pairs.map((_, p) => (pairOk(p) ? whole.reduce((s, { acc }) => s + acc.pairL1[p]!, 0) : null)),
      l2: pairL2sq.map((v) => (v === null ? null : Math.sqrt(v))),
    },
    changedCounts: totals.map((acc, li) => (ends(li) ? Array.from(acc.changed) : null)),
    layerSizes: totals.map((acc) => acc.elements),
    cosineToInit: totals.map((acc, li) => (ends(li) ? cosineFromSums(acc.cosine[0]!, acc.cosine[1]!, acc.cosine[2]!) : null)),
    nonFinite: totals.map((_, li) => {
      const present = (t: number) => input.layers[li]!.tensors.every((n) => input.entries(n)[t] !== null);
      return bad[li]!.flatMap((isBad, t) => (isBad && present(t) ? [t] : []));
    }),
    bytesRead,
    totals,
  };
}
