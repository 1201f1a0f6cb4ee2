/**
 * Options of `train()`, named as the flags of `weightscale train` (camelCase), so the CLI passes its parsed
 * arguments as they are; and their checked form, TrainSettings, made once by checkTrainOptions and then handed to
 * every stage of the run unchanged. Bad values are InputErrors worded by invalidOption.
 */
import { invalidOption, InputError } from '../errors.js';
import type { OptimizerKind } from '../artifacts/types.js';
import { defaultLearningRate } from '../artifacts/optim/index.js';
import type { SyntheticOptions } from '../datasets/synthetic.js';
import type { CreateSessionOptions, Device } from '../runtime/session.js';
import { isTorchvisionModel } from '../zoo/index.js';
import type { InitScheme } from '../zoo/init.js';
import { parseInputShape } from '../zoo/input-shape.js';
import type { EpochRecord, RunStart, TrainProgress } from './events.js';

export interface TrainOptions {
  /** `--model`: zoo name (lenet5, mlp, resnet-mini, ...) or a forward .onnx path. Needed unless `artifacts`. */
  model?: string;
  /** `--artifacts DIR`: run prebuilt training artifacts instead of building them. */
  artifacts?: string;
  /** `--dataset mnist|fashion-mnist|synthetic`; ignored when `data` is given. */
  dataset?: string;
  /** `--data DIR`: IDX, CIFAR binary or SVHN .mat files. */
  data?: string;
  epochs: number;
  batchSize: number;
  /** Default 'sgd'. With `artifacts` it must match the artifacts (or be left out). */
  optimizer?: string;
  /** Default: defaultLearningRate of the optimizer (with `artifacts`: of the optimizer in the artifacts). */
  lr?: number;
  weightDecay?: number;
  momentum?: number;
  /**
   * 'kaiming-uniform' | 'kaiming-normal' | 'checkpoint:PATH' (initializers by name from an ONNX file) | 'model' (the
   * weights the model or artifacts came with). Default: 'model' with `artifacts` or a torchvision zoo model, else
   * 'kaiming-uniform'.
   */
  init?: string;
  /** 'flip' | 'noise:EPS'; applied to the initial weights, before epoch-000 is written. */
  perturb?: string;
  /** Primitive names (conv, depthwise, ...), layer names or initializer names whose parameters are not trained. */
  freeze?: string[];
  device?: string;
  threads?: number;
  seed?: number;
  /** Output directory of the run. */
  out: string;
  resume?: boolean;
  limitTrain?: number;
  limitTest?: number;
  /** Seed of the data split / synthetic generator (not the training seed); default 0. */
  dataSeed?: number;
  /** `--input-shape C,H,W` (or CxHxW) of the synthetic images; default the model's input shape. */
  inputShape?: string;
  /** Further options of the synthetic dataset (classes, counts, noise); `inputShape` wins over its shape. */
  synthetic?: SyntheticOptions;
  /** Batch size of the evaluation pass; default max(batchSize, 256). */
  evalBatchSize?: number;
  /**
   * Training steps per session.run, at most (default 1): above 1 the driver runs the K-step Loop model
   * (src/artifacts/multi-step.ts) over groups of up to this many batches, fewer where K stacked batches would pass
   * 64 MiB. The checkpoints are the same bit for bit.
   */
  stepsPerRun?: number;
  /** onnxruntime session settings for benchmarks (graph optimisation level, profiling). */
  session?: Pick<CreateSessionOptions, 'graphOptimizationLevel' | 'enableProfiling' | 'profileFilePrefix'>;
  /** Called after every batch (the CLI draws the progress bar). */
  onProgress?: (p: TrainProgress) => void;
  /** Called once the sessions are open, before the first epoch (not when a resumed run is already complete). */
  onStart?: (info: RunStart) => void;
  /** Called when an epoch's checkpoint and run.json entry are on disk (epoch 0: the initial weights). */
  onEpoch?: (epoch: EpochRecord) => void;
  /**
   * Stops the run after the batch in progress (the CLI aborts it on SIGINT): the unfinished epoch is dropped, nothing
   * is written for it, so the last complete epoch stays the --resume point; train() rejects with `signal.reason`.
   */
  signal?: AbortSignal;
}

/** `model`: the weights the model came with (a forward .onnx's initializers, the artifacts' checkpoint.onnx). */
export type InitChoice = { kind: 'scheme'; scheme: InitScheme } | { kind: 'checkpoint'; path: string } | { kind: 'model' };
export type Perturbation = { kind: 'none' } | { kind: 'flip' } | { kind: 'noise'; eps: number };

/** TrainOptions checked, with every default filled in and every text value parsed. */
export interface TrainSettings {
  model: string | null;
  artifacts: string | null;
  /** The named dataset, or null when `data` is given (the directory wins). */
  dataset: string | null;
  data: string | null;
  epochs: number;
  batchSize: number;
  evalBatchSize: number;
  stepsPerRun: number;
  /** null: the artifacts' optimizer with `artifacts`, else sgd. */
  optimizer: OptimizerKind | null;
  /** null: the optimizer's default (learningRate()). */
  lr: number | null;
  momentum: number | null;
  weightDecay: number | null;
  init: InitChoice;
  perturb: Perturbation;
  freeze: string[];
  device: Device;
  threads: number | null;
  seed: number;
  dataSeed: number;
  limitTrain: number | null;
  limitTest: number | null;
  /** Options of the synthetic dataset, `inputShape` included; null when none were given. */
  synthetic: SyntheticOptions | null;
  out: string;
  resume: boolean;
  session: TrainOptions['session'] | null;
  onProgress: TrainOptions['onProgress'] | null;
  onStart: TrainOptions['onStart'] | null;
  onEpoch: TrainOptions['onEpoch'] | null;
  signal: AbortSignal | null;
}

const OPTIMIZERS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];
const DEVICES: readonly Device[] = ['auto', 'cuda', 'cpu'];

/** The learning rate of a run whose optimizer is `kind`: --lr, or the optimizer's default. */
export function learningRate(s: TrainSettings, kind: OptimizerKind): number {
  return s.lr ?? defaultLearningRate(kind);
}

export function parseInit(value: string): InitChoice {
  if (value === 'kaiming-uniform' || value === 'kaiming-normal') return { kind: 'scheme', scheme: value };
  if (value === 'model') return { kind: 'model' };
  if (value.startsWith('checkpoint:') && value.length > 'checkpoint:'.length) return { kind: 'checkpoint', path: value.slice('checkpoint:'.length) };
  throw invalidOption('--init', value, 'kaiming-uniform, kaiming-normal, model or checkpoint:PATH');
}

export function describeInit(choice: InitChoice): string {
  if (choice.kind === 'scheme') return choice.scheme;
  if (choice.kind === 'checkpoint') return `checkpoint:${choice.path}`;
  return 'model';
}

export function parsePerturb(perturb: string | undefined): Perturbation {
  if (perturb === undefined || perturb === '' || perturb === 'none') return { kind: 'none' };
  if (perturb === 'flip') return { kind: 'flip' };
  const m = /^noise:(.+)$/.exec(perturb);
  if (m !== null) {
    const eps = Number(m[1]);
    if (Number.isFinite(eps) && eps >= 0) return { kind: 'noise', eps };
  }
  throw invalidOption('--perturb', perturb, 'flip or noise:EPS with EPS a non-negative number');
}

export function describePerturb(p: Perturbation): string {
  return p.kind === 'noise' ? `noise:${p.eps}` : p.kind;
}

function positiveInt(flag: string, v: number | undefined): number | null {
  if (v === undefined) return null;
  if (!Number.isInteger(v) || v < 1) throw invalidOption(flag, v, 'a positive integer');
  return v;
}

function nonNegativeInt(flag: string, v: number): number {
  if (!Number.isInteger(v) || v < 0) throw invalidOption(flag, v, 'a non-negative integer');
  return v;
}

function nonNegative(flag: string, v: number | undefined): number | null {
  if (v === undefined) return null;
  if (!(Number.isFinite(v) && v >= 0)) throw invalidOption(flag, v, 'a non-negative number');
  return v;
}

function integer(flag: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw invalidOption(flag, v, 'an integer');
  return v;
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | null {
  if (v === undefined) return null;
  if (!(allowed as readonly string[]).includes(v)) throw invalidOption(flag, v, allowed.join(', '));
  return v as T;
}

/** Checks `o` and fills in the defaults: the one shape the run works with from here on. */
export function checkTrainOptions(o: TrainOptions): TrainSettings {
  if (o.model === undefined && o.artifacts === undefined) throw new InputError('give --model NAME|FILE.onnx or --artifacts DIR');
  if (o.model !== undefined && o.artifacts !== undefined) throw new InputError('give either --model or --artifacts, not both');
  if (o.out === undefined || o.out === '') throw new InputError('--out DIR is required');
  const batchSize = positiveInt('--batch-size', o.batchSize);
  if (batchSize === null) throw invalidOption('--batch-size', o.batchSize, 'a positive integer');
  if (o.lr !== undefined && !(Number.isFinite(o.lr) && o.lr > 0)) throw invalidOption('--lr', o.lr, 'a positive number');
  const momentum = nonNegative('--momentum', o.momentum);
  if (momentum !== null && momentum >= 1) throw invalidOption('--momentum', momentum, 'a number in [0, 1)');
  const synthetic = o.inputShape === undefined ? (o.synthetic ?? null) : { ...o.synthetic, shape: parseInputShape(o.inputShape) };
  const init = o.init ?? (o.artifacts !== undefined || isTorchvisionModel(o.model ?? '') ? 'model' : 'kaiming-uniform');
  return {
    model: o.model ?? null,
    artifacts: o.artifacts ?? null,
    dataset: o.data === undefined ? (o.dataset ?? null) : null,
    data: o.data ?? null,
    epochs: nonNegativeInt('--epochs', o.epochs),
    batchSize,
    evalBatchSize: positiveInt('--eval-batch-size', o.evalBatchSize) ?? Math.max(batchSize, 256),
    stepsPerRun: positiveInt('--steps-per-run', o.stepsPerRun) ?? 1,
    optimizer: oneOf('--optimizer', o.optimizer, OPTIMIZERS),
    lr: o.lr ?? null,
    momentum,
    weightDecay: nonNegative('--weight-decay', o.weightDecay),
    init: parseInit(init),
    perturb: parsePerturb(o.perturb),
    freeze: (o.freeze ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f.length > 0),
    device: oneOf('--device', o.device, DEVICES) ?? 'auto',
    threads: o.threads === undefined ? null : nonNegativeInt('--threads', o.threads),
    seed: integer('--seed', o.seed ?? 0),
    dataSeed: integer('--data-seed', o.dataSeed ?? 0),
    limitTrain: positiveInt('--limit-train', o.limitTrain),
    limitTest: positiveInt('--limit-test', o.limitTest),
    synthetic,
    out: o.out,
    resume: o.resume ?? false,
    session: o.session ?? null,
    onProgress: o.onProgress ?? null,
    onStart: o.onStart ?? null,
    onEpoch: o.onEpoch ?? null,
    signal: o.signal ?? null,
  };
}
