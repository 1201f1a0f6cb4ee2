/**
 * Options of `train()`, mirroring the CLI flags of `weightscale train`, and their checked, normalised form.
 */
import { InputError } from '../errors.js';
import type { SyntheticOptions } from '../datasets/synthetic.js';
import { defaultLearningRate } from '../artifacts/optim/index.js';
import { isTorchvisionModel } from '../zoo/index.js';
import type { CreateSessionOptions } from '../runtime/session.js';
import type { OptimizerKind } from '../artifacts/types.js';
import type { Device } from '../runtime/session.js';
import type { InitScheme } from '../zoo/init.js';
import type { EpochRecord } from './record.js';

export interface TrainProgress {
  phase: 'train' | 'eval';
  /** 1-based epoch being trained or evaluated (0: evaluation of the initial weights). */
  epoch: number;
  epochs: number;
  /** 1-based batch index within the phase. */
  batch: number;
  batches: number;
  /** Running mean loss and accuracy of the phase so far. */
  loss: number;
  acc: number;
}

export interface RunStart {
  provider: 'cuda' | 'cpu';
  /** Why CUDA was not used, in a few words (under --device auto on CPU); the full reason is in `notes`. */
  fallback: string | null;
  notes: string[];
  /** Epoch the run continues from with --resume (null: started fresh). */
  resumedFrom: number | null;
}

export interface TrainOptions {
  /** Zoo name (lenet5, mlp, resnet-mini, effnet-mini) or a forward .onnx path. Needed unless `artifactsDir`. */
  model?: string;
  /** `--artifacts DIR`: run prebuilt training artifacts instead of building them. */
  artifactsDir?: string;
  /** `--dataset mnist|fashion-mnist|synthetic`. */
  dataset?: string;
  /** `--data DIR`: IDX or CIFAR binary files (wins over `dataset`). */
  dataDir?: string;
  epochs: number;
  batchSize: number;
  /** Default 'sgd'. With `artifactsDir` it must match the artifacts (or be left out). */
  optimizer?: OptimizerKind;
  /** Default: defaultLearningRate of the optimizer (with `artifactsDir`: of the optimizer in the artifacts). */
  lr?: number;
  weightDecay?: number;
  momentum?: number;
  /**
   * 'kaiming-uniform' | 'kaiming-normal' | 'checkpoint:PATH' (initializers by name from an ONNX file) | 'model' (the
   * weights the model or artifacts came with). Default: 'model' with `artifactsDir`, else 'kaiming-uniform'.
   */
  init?: string;
  /** 'flip' | 'noise:EPS'; applied to the initial weights, before epoch-000 is written. */
  perturb?: string;
  /** Primitive names (conv, depthwise, ...), layer names or initializer names whose parameters are not trained. */
  freeze?: string[];
  device?: Device;
  threads?: number;
  seed?: number;
  /** Output directory of the run. */
  out: string;
  resume?: boolean;
  limitTrain?: number;
  limitTest?: number;
  /** Seed of the data split / synthetic generator (not the training seed); default 0. */
  dataSeed?: number;
  /** Options of the synthetic dataset (shape, classes, counts, noise). */
  synthetic?: SyntheticOptions;
  /** Batch size of the evaluation pass; default max(batchSize, 256). */
  evalBatchSize?: number;
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

export interface CheckedTrainOptions extends TrainOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  device: Device;
  initChoice: InitChoice;
  perturbation: Perturbation;
  freeze: string[];
  dataSeed: number;
  evalBatchSize: number;
}

/** Options of a run whose optimizer is known (built, or read from the artifacts): the learning rate is resolved. */
export interface RunOptions extends CheckedTrainOptions {
  lr: number;
}

export function withLearningRate(o: CheckedTrainOptions, optimizer: OptimizerKind): RunOptions {
  return { ...o, lr: o.lr ?? defaultLearningRate(optimizer) };
}

export function parseInit(value: string): InitChoice {
  if (value === 'kaiming-uniform' || value === 'kaiming-normal') return { kind: 'scheme', scheme: value };
  if (value === 'model') return { kind: 'model' };
  if (value.startsWith('checkpoint:') && value.length > 'checkpoint:'.length) return { kind: 'checkpoint', path: value.slice('checkpoint:'.length) };
  throw new InputError(`--init ${value}: expected kaiming-uniform, kaiming-normal, model or checkpoint:PATH`);
}

export function parsePerturb(perturb: string | undefined): Perturbation {
  if (perturb === undefined || perturb === '' || perturb === 'none') return { kind: 'none' };
  if (perturb === 'flip') return { kind: 'flip' };
  const m = /^noise:(.+)$/.exec(perturb);
  if (m !== null) {
    const eps = Number(m[1]);
    if (Number.isFinite(eps) && eps >= 0) return { kind: 'noise', eps };
  }
  throw new InputError(`--perturb ${perturb}: expected flip or noise:EPS with EPS a non-negative number`);
}

function positiveInt(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new InputError(`--${name} must be a positive integer, got ${v}`);
}

function nonNegative(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new InputError(`--${name} must be a non-negative number, got ${v}`);
}

export function checkTrainOptions(o: TrainOptions): CheckedTrainOptions {
  if (o.model === undefined && o.artifactsDir === undefined) throw new InputError('give --model NAME|FILE.onnx or --artifacts DIR');
  if (o.model !== undefined && o.artifactsDir !== undefined) throw new InputError('give either --model or --artifacts, not both');
  if (o.out === undefined || o.out === '') throw new InputError('--out DIR is required');
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new InputError(`--epochs must be a non-negative integer, got ${o.epochs}`);
  positiveInt('batch-size', o.batchSize);
  positiveInt('eval-batch-size', o.evalBatchSize);
  positiveInt('limit-train', o.limitTrain);
  positiveInt('limit-test', o.limitTest);
  if (o.lr !== undefined && !(Number.isFinite(o.lr) && o.lr > 0)) throw new InputError(`--lr must be a positive number, got ${o.lr}`);
  nonNegative('weight-decay', o.weightDecay);
  nonNegative('momentum', o.momentum);
  if (o.momentum !== undefined && o.momentum >= 1) throw new InputError(`--momentum must be below 1, got ${o.momentum}`);
  if (o.threads !== undefined && (!Number.isInteger(o.threads) || o.threads < 0)) throw new InputError(`--threads must be a non-negative integer, got ${o.threads}`);
  const seed = o.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new InputError(`--seed must be an integer, got ${seed}`);
  const device = o.device ?? 'auto';
  if (!['auto', 'cuda', 'cpu'].includes(device)) throw new InputError(`--device ${device}: expected auto, cuda or cpu`);
  if (o.optimizer !== undefined && !['sgd', 'momentum', 'adam'].includes(o.optimizer)) {
    throw new InputError(`--optimizer ${o.optimizer}: expected sgd, momentum or adam`);
  }
  return {
    ...o,
    seed,
    device,
    initChoice: parseInit(o.init ?? (o.artifactsDir !== undefined || isTorchvisionModel(o.model ?? '') ? 'model' : 'kaiming-uniform')),
    perturbation: parsePerturb(o.perturb),
    freeze: (o.freeze ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f.length > 0),
    dataSeed: o.dataSeed ?? 0,
    evalBatchSize: o.evalBatchSize ?? Math.max(o.batchSize, 256),
  };
}
