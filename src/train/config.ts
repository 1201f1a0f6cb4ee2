/** Optimizer configuration from the options, and the run's identity (config hash and run id). */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { optimizerConfig } from '../artifacts/optim/index.js';
import type { CheckedTrainOptions, RunOptions } from './options.js';
import type { OptimizerConfig } from '../artifacts/types.js';

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
export function runIdentity(o: RunOptions, optimizer: OptimizerConfig) {
  return {
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
}

export type RunIdentity = ReturnType<typeof runIdentity>;

export function hashIdentity(identity: RunIdentity): string {
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
}

export function configHash(o: RunOptions, optimizer: OptimizerConfig): string {
  return hashIdentity(runIdentity(o, optimizer));
}

/** The command-line option behind each part of the identity (optimizer parts by their own flags). */
const IDENTITY_FLAGS: Record<string, string> = {
  model: '--model',
  artifacts: '--artifacts',
  data: '--dataset/--data',
  dataSeed: '--data-seed',
  synthetic: 'synthetic data options',
  limitTrain: '--limit-train',
  limitTest: '--limit-test',
  batchSize: '--batch-size',
  'optimizer.kind': '--optimizer',
  'optimizer.momentum': '--momentum',
  'optimizer.weightDecay': '--weight-decay',
  lr: '--lr',
  init: '--init',
  perturb: '--perturb',
  freeze: '--freeze',
  seed: '--seed',
};

function shown(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (key === 'init') {
    const v = value as { kind: string; scheme?: string; path?: string };
    return v.kind === 'scheme' ? v.scheme! : v.kind === 'checkpoint' ? `checkpoint:${v.path}` : v.kind;
  }
  if (key === 'perturb') {
    const v = value as { kind: string; eps?: number };
    return v.kind === 'noise' ? `noise:${v.eps}` : v.kind;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The options in which `now` differs from `before`, as "--seed 0, now 1" phrases (optimizer by its parts). */
export function identityDifferences(before: RunIdentity, now: RunIdentity): string[] {
  const flat = (id: RunIdentity): Map<string, unknown> => {
    const m = new Map<string, unknown>();
    for (const [k, v] of Object.entries(id)) {
      if (k === 'optimizer' && v !== null && typeof v === 'object') for (const [sk, sv] of Object.entries(v)) m.set(`optimizer.${sk}`, sv);
      else m.set(k, v);
    }
    return m;
  };
  const a = flat(before);
  const b = flat(now);
  const out: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (JSON.stringify(a.get(key)) === JSON.stringify(b.get(key))) continue;
    out.push(`${IDENTITY_FLAGS[key] ?? key} ${shown(key, a.get(key))}, now ${shown(key, b.get(key))}`);
  }
  return out;
}

/** Human-readable and reproducible: the same options give the same id, so identical runs give identical files. */
export function runIdFor(modelName: string, datasetName: string, hash: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40);
  return `${clean(modelName)}-${clean(datasetName)}-${hash.slice(0, 12)}`;
}
