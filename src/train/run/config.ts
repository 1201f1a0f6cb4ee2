/** Optimizer configuration from the options, and the run's identity (config hash and run id). */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { optimizerConfig } from '../optim/index.js';
import type { CheckedTrainOptions, RunOptions } from './options.js';
import type { OptimizerConfig } from '../types.js';

/** The optimizer to build into the training graph (not with --artifacts: theirs is in the graph). */
export function optimizerFromOptions(o: CheckedTrainOptions): OptimizerConfig {
  return optimizerConfig(o.optimizer ?? 'sgd', { momentum: o.momentum, weightDecay: o.weightDecay });
}

/** With --artifacts the optimizer is part of the graph: options that disagree with it are an error. */
export function checkOptimizerMatches(o: CheckedTrainOptions, baked: OptimizerConfig, dir: string): void {
  const clash = (flag: string, given: unknown, inGraph: unknown) =>
    new InputError(`--${flag} ${String(given)} differs from the artifacts in ${dir} (${String(inGraph)}); the optimizer is part of the training graph: rebuild the artifacts or drop --${flag}`);
  if (o.optimizer !== undefined && o.optimizer !== baked.kind) throw clash('optimizer', o.optimizer, baked.kind);
  if (o.momentum !== undefined && baked.kind === 'momentum' && o.momentum !== baked.momentum) throw clash('momentum', o.momentum, baked.momentum);
  if (o.weightDecay !== undefined && o.weightDecay !== baked.weightDecay) throw clash('weight-decay', o.weightDecay, baked.weightDecay);
}

/** What makes two runs the same run (not epochs, output, device or threads). */
export function configHash(o: RunOptions, optimizer: OptimizerConfig): string {
  const identity = {
    model: o.model === undefined ? null : /\.onnx$/i.test(o.model) ? resolve(o.model) : o.model,
    artifacts: o.artifactsDir === undefined ? null : resolve(o.artifactsDir),
    data: o.dataDir === undefined ? (o.dataset ?? null) : resolve(o.dataDir),
    dataSeed: o.dataSeed,
    synthetic: o.synthetic ?? null,
    limitTrain: o.limitTrain ?? null,
    limitTest: o.limitTest ?? null,
    batchSize: o.batchSize,
    optimizer,
    lr: o.lr,
    init: o.initChoice,
    perturb: o.perturbation,
    freeze: o.freeze,
    seed: o.seed,
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
}

/** Human-readable and reproducible: the same options give the same id, so identical runs give identical files. */
export function runIdFor(modelName: string, datasetName: string, hash: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40);
  return `${clean(modelName)}-${clean(datasetName)}-${hash.slice(0, 12)}`;
}
