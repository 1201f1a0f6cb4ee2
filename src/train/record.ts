/** `run.json`: what a run was (model, data, optimizer, seed, device) and how it went, rewritten after each epoch. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_SCHEMA } from '../contract.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../onnx/atomic-write.js';
import { VERSION } from '../version.js';
import type { Dataset } from '../datasets/types.js';
import type { ResolvedArtifacts } from './artifacts-dir.js';
import { describeInit } from './starting-values.js';
import type { RunOptions } from './options.js';
import type { RunIdentity } from './config.js';

export const RUN_FILE = 'run.json';

export interface EpochRecord {
  epoch: number;
  /** Optimizer steps taken so far (after this epoch). */
  step: number;
  checkpoint: string;
  /** null for epoch 0 (initial weights, not trained). */
  trainLoss: number | null;
  trainAccuracy: number | null;
  testLoss: number;
  testAccuracy: number;
  /** Whole epoch: training, evaluation and writing the checkpoint. */
  wallSeconds: number;
  /** Time inside session.run of the training model, and the rest of the training loop (batching, feeds, copies). */
  trainRunSeconds: number;
  trainJsSeconds: number;
  /** Evaluation on the test split (session.run included). */
  evalSeconds: number;
  evalRunSeconds: number;
  /** Writing epoch-NNN.onnx and epoch-NNN.state. */
  writeSeconds: number;
}

export interface RunRecord {
  schema: typeof RUN_SCHEMA;
  tool: { name: 'weightscale'; version: string };
  runId: string;
  /** 'interrupted': stopped by the user (Ctrl-C) after the epochs listed; --resume continues it. */
  status: 'running' | 'complete' | 'interrupted';
  model: string;
  artifacts: string | null;
  dataset: {
    name: string;
    source: string;
    shape: number[];
    classes: number;
    normalization: string;
    trainSamples: number;
    testSamples: number;
    dataSeed: number;
  };
  optimizer: { kind: string; lr: number; momentum: number; weightDecay: number; beta1: number; beta2: number; epsilon: number };
  hyperParameters: { epochs: number; batchSize: number; evalBatchSize: number; batchesPerEpoch: number; lastPartialBatch: 'kept' };
  init: string;
  perturb: { kind: string; eps?: number; parameters: string[] };
  freeze: { requested: string[]; parameters: string[] };
  seed: number;
  /** The configuration hash the run id derives from; --resume refuses a different one. */
  configHash: string;
  /** What the hash is taken of (RunIdentity), so --resume can name the option that differs. */
  config?: RunIdentity;
  device: { requested: string; provider: string; notes: string[]; threads: number | null };
  epochs: EpochRecord[];
  totalSeconds: number;
}

export function writeRunRecord(dir: string, record: RunRecord): void {
  writeFileAtomic(join(dir, RUN_FILE), new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n'));
}

export function readRunRecord(dir: string): RunRecord | undefined {
  const file = join(dir, RUN_FILE);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const r = parsed as Partial<RunRecord>;
  if (r.schema !== RUN_SCHEMA || !Array.isArray(r.epochs) || typeof r.configHash !== 'string') {
    throw new InputError(`${file}: not a weightscale run record (schema ${RUN_SCHEMA})`);
  }
  return r as RunRecord;
}

/** The record of a fresh run, before any epoch. */
export function createRunRecord(
  o: RunOptions,
  a: ResolvedArtifacts,
  d: Dataset,
  modelName: string,
  ids: { runId: string; hash: string; identity: RunIdentity },
  freeze: { requested: string[]; parameters: string[] },
  perturbed: string[],
  batchesPerEpoch: number,
): RunRecord {
  const opt = a.contract.optimizer;
  return {
    schema: RUN_SCHEMA,
    tool: { name: 'weightscale', version: VERSION },
    runId: ids.runId,
    status: 'running',
    model: modelName,
    artifacts: a.origin === 'built' ? null : a.origin,
    dataset: {
      name: d.name,
      source: d.source,
      shape: [...d.shape],
      classes: d.classes,
      normalization: d.normalization,
      trainSamples: d.train.count,
      testSamples: d.test.count,
      dataSeed: o.dataSeed,
    },
    optimizer: {
      kind: opt.kind,
      lr: o.lr,
      momentum: opt.momentum,
      weightDecay: opt.weightDecay,
      beta1: opt.beta1,
      beta2: opt.beta2,
      epsilon: opt.epsilon,
    },
    hyperParameters: { epochs: o.epochs, batchSize: o.batchSize, evalBatchSize: o.evalBatchSize, batchesPerEpoch, lastPartialBatch: 'kept' },
    init: describeInit(o.initChoice),
    perturb: { kind: o.perturbation.kind, ...(o.perturbation.kind === 'noise' ? { eps: o.perturbation.eps } : {}), parameters: perturbed },
    freeze,
    seed: o.seed,
    configHash: ids.hash,
    config: ids.identity,
    device: { requested: o.device, provider: 'cpu', notes: [], threads: o.threads ?? null }, // set once sessions exist
    epochs: [],
    totalSeconds: 0,
  };
}
