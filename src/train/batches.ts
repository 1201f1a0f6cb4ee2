/**
 * The inner loops: one training epoch and one evaluation pass, feeding parameters, optimizer state, the batch, the
 * learning rate and the step count by input name, and keeping the updated outputs as the next step's inputs.
 * Buffers are double-buffered: every updated tensor has a spare array of its size that onnxruntime writes the
 * update into (preallocated output); after the step the two swap roles. So a step allocates no parameter-sized
 * memory and copies nothing in JavaScript. Frozen parameters and their optimizer state are neither fetched nor
 * replaced, so they stay bit-identical (and onnxruntime can skip their update branch).
 */
import type { Batcher } from '../datasets/batcher.js';
import type { TrainProgress } from './events.js';
import { floatTensor, int64Tensor, run, scalarF32, scalarI64, type Feeds, type FeedTensor, type RuntimeSession } from '../runtime/session.js';
import { heldTensors } from '../artifacts/layout.js';
import { permutedShape } from '../util/permutation.js';
import type { ArtifactsContract, ParamSpec, StateSpec } from '../artifacts/types.js';

export interface LoopState {
  /** Parameters and buffers by ParamSpec.name (in the layout of the model the state is fed to, held-layout.ts). */
  values: Map<string, Float32Array>;
  /** Optimizer state by StateSpec.name. */
  state: Map<string, Float32Array>;
  /** Optimizer steps taken so far. */
  step: number;
}

/** Spare arrays of the double buffering, by 'param:' / 'state:' + name; filled lazily. */
export type SpareBuffers = Map<string, Float32Array>;

export interface BatchTotals {
  loss: number;
  accuracy: number;
  samples: number;
  /** Seconds inside session.run and the whole pass. */
  runSeconds: number;
  seconds: number;
}

interface Binding {
  /** Session input name -> where its value comes from. */
  inputs: { name: string; source: 'param' | 'state' | 'input' | 'labels' | 'lr' | 'step'; shape: number[] }[];
  /** Outputs to fetch, and where each goes. */
  updates: { output: string; target: 'param' | 'state'; name: string; shape: number[] }[];
  fetches: string[];
}

/** Matches a session's inputs and outputs against the contract; throws naming what does not fit. */
export function bindSession(s: RuntimeSession, contract: ArtifactsContract, frozen: ReadonlySet<string>, label: string, train: boolean): Binding {
  const params = new Map(contract.params.map((p) => [p.name, p]));
  const states = new Map(contract.state.map((st) => [st.name, st]));
  // The training model holds some tensors in another layout (ParamSpec.layout); the eval model takes the model's.
  const held = heldTensors(contract);
  const shapeIn = (t: ParamSpec | StateSpec) => (train ? permutedShape(t.shape, held.get(t.name)?.layout) : t.shape);
  const inputs: Binding['inputs'] = [];
  for (const name of s.inputNames) {
    const p = params.get(name);
    const st = states.get(name);
    if (p !== undefined) inputs.push({ name, source: 'param', shape: shapeIn(p) });
    else if (st !== undefined) inputs.push({ name, source: 'state', shape: shapeIn(st) });
    else if (name === contract.input.name) inputs.push({ name, source: 'input', shape: [] });
    else if (name === contract.labels.name) inputs.push({ name, source: 'labels', shape: [] });
    else if (name === contract.lr) inputs.push({ name, source: 'lr', shape: [] });
    else if (name === contract.step) inputs.push({ name, source: 'step', shape: [] });
    else throw new Error(`${label}: input '${name}' is not in the artifacts contract`);
  }
  for (const needed of [contract.input.name, contract.labels.name]) {
    if (!s.inputNames.includes(needed)) throw new Error(`${label}: has no input '${needed}'`);
  }
  const updates: Binding['updates'] = [];
  if (train) {
    for (const p of contract.params) {
      if (frozen.has(p.name) || (p.role === 'parameter' && !p.trainable)) continue;
      updates.push({ output: p.updatedName, target: 'param', name: p.name, shape: shapeIn(p) });
    }
    for (const st of contract.state) {
      if (frozen.has(st.param)) continue;
      updates.push({ output: st.updatedName, target: 'state', name: st.name, shape: shapeIn(st) });
    }
  }
  const fetches = [contract.loss_output, contract.correct_output, ...updates.map((u) => u.output)];
  const missing = fetches.filter((f) => !s.outputNames.includes(f));
  if (missing.length > 0) throw new Error(`${label}: missing output(s) ${missing.slice(0, 5).join(', ')}`);
  return { inputs, updates, fetches };
}

/** `lead` is [size] for one batch, [steps, size] for the K-step model's stacked batches. */
function feedsFor(b: Binding, st: LoopState, images: Float32Array, labels: BigInt64Array, lead: number[], inputShape: number[], lr: Feeds[string]): Feeds {
  const feeds: Feeds = {};
  for (const i of b.inputs) {
    switch (i.source) {
      case 'param':
        feeds[i.name] = floatTensor(st.values.get(i.name)!, i.shape);
        break;
      case 'state':
        feeds[i.name] = floatTensor(st.state.get(i.name)!, i.shape);
        break;
      case 'input':
        feeds[i.name] = floatTensor(images, [...lead, ...inputShape]);
        break;
      case 'labels':
        feeds[i.name] = int64Tensor(labels, lead);
        break;
      case 'lr':
        feeds[i.name] = lr;
        break;
      case 'step':
        feeds[i.name] = scalarI64(st.step + 1);
        break;
    }
  }
  return feeds;
}

export interface BatchContext {
  session: RuntimeSession;
  binding: Binding;
  contract: ArtifactsContract;
  batcher: Batcher;
  /** Per-sample shape [C, H, W]. */
  sampleShape: number[];
  epoch: number;
  epochs: number;
  onProgress?: (p: TrainProgress) => void;
  /** Spare arrays for the double buffering of training passes (kept across epochs). */
  spares?: SpareBuffers;
  /** Checked before every batch: an aborted run stops between batches and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Training passes: the session is the K-step Loop model, run over up to this many stacked batches at a time. */
  stepsPerRun?: number;
}

/** Stacked batches for the K-step model: room for `steps` full batches, filled one batch at a time. */
class StackedBatches {
  readonly images: Float32Array;
  readonly labels: BigInt64Array;
  constructor(
    readonly steps: number,
    private readonly batcher: Batcher,
  ) {
    this.images = new Float32Array(steps * batcher.images.length);
    this.labels = new BigInt64Array(steps * batcher.labels.length);
  }

  /** Fills batches first .. first + count - 1 (all of one size) into slots 0 .. count - 1; returns the size. */
  fill(first: number, count: number): number {
    let size = 0;
    for (let j = 0; j < count; j++) {
      size = this.batcher.fill(first + j);
      const images = this.batcher.imagesView(size);
      this.images.set(images, j * images.length);
      this.labels.set(this.batcher.labelsView(size), j * size);
    }
    return size;
  }
}

/** How many batches from `first` go into one run: up to `most`, and the epoch's last, smaller batch on its own. */
function groupSize(batcher: Batcher, splitCount: number, first: number, most: number): number {
  const full = Math.floor(splitCount / batcher.batchSize);
  if (first >= full) return 1;
  return Math.min(most, full - first);
}

/** Preallocated output tensors for this step's updates, each over the spare array of its tensor. */
function updateTargets(b: Binding, st: LoopState, spares: SpareBuffers): Record<string, FeedTensor> {
  const into: Record<string, FeedTensor> = {};
  for (const u of b.updates) {
    const key = `${u.target}:${u.name}`;
    let spare = spares.get(key);
    if (spare === undefined) {
      const current = (u.target === 'param' ? st.values : st.state).get(u.name)!;
      spare = new Float32Array(current.length);
      spares.set(key, spare);
    }
    into[u.output] = floatTensor(spare, u.shape);
  }
  return into;
}

/** After a step: the spare arrays now hold the updated values; the previous values become the spares. */
function swapUpdated(b: Binding, st: LoopState, spares: SpareBuffers): void {
  for (const u of b.updates) {
    const key = `${u.target}:${u.name}`;
    const map = u.target === 'param' ? st.values : st.state;
    const updated = spares.get(key)!;
    spares.set(key, map.get(u.name)!);
    map.set(u.name, updated);
  }
}

/** One pass over the batcher's split; with `train`, applies the updates and advances `st.step`. */
export async function runBatches(ctx: BatchContext, st: LoopState, train: boolean, lr: number): Promise<BatchTotals> {
  const started = performance.now();
  let runMs = 0;
  let lossSum = 0;
  let correct = 0;
  let samples = 0;
  const lrTensor = scalarF32(lr);
  const { batcher, binding, contract } = ctx;
  const spares = ctx.spares ?? new Map<string, Float32Array>();
  if (train) batcher.startEpoch(ctx.epoch);
  const most = train ? (ctx.stepsPerRun ?? 1) : 1;
  const stacked = most > 1 ? new StackedBatches(most, batcher) : undefined;
  const splitCount = batcher.epochOrder().length;
  for (let i = 0; i < batcher.batches; ) {
    ctx.signal?.throwIfAborted();
    const steps = stacked === undefined ? 1 : groupSize(batcher, splitCount, i, most);
    let feeds: Feeds;
    let size: number;
    if (stacked === undefined) {
      size = batcher.fill(i);
      feeds = feedsFor(binding, st, batcher.imagesView(size), batcher.labelsView(size), [size], ctx.sampleShape, lrTensor);
    } else {
      size = stacked.fill(i, steps);
      const images = stacked.images.subarray(0, steps * size * batcher.images.length / batcher.batchSize);
      feeds = feedsFor(binding, st, images, stacked.labels.subarray(0, steps * size), [steps, size], ctx.sampleShape, lrTensor);
    }
    const into = updateTargets(binding, st, spares);
    const t0 = performance.now();
    const out = await run(ctx.session, feeds, binding.fetches, into);
    runMs += performance.now() - t0;
    swapUpdated(binding, st, spares);
    const losses = out[contract.loss_output]!.data;
    const corrects = out[contract.correct_output]!.data;
    for (let j = 0; j < steps; j++, i++) {
      if (train) st.step++;
      lossSum += Number(losses[j]!) * size;
      correct += Number(corrects[j]!);
      samples += size;
      ctx.onProgress?.({
        phase: train ? 'train' : 'eval',
        epoch: ctx.epoch,
        epochs: ctx.epochs,
        batch: i + 1,
        batches: batcher.batches,
        loss: lossSum / samples,
        acc: correct / samples,
      });
    }
  }
  return {
    loss: samples > 0 ? lossSum / samples : NaN,
    accuracy: samples > 0 ? correct / samples : NaN,
    samples,
    runSeconds: runMs / 1000,
    seconds: (performance.now() - started) / 1000,
  };
}
