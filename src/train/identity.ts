/**
 * What makes two runs the same run: the run identity (the options that decide the checkpoints, with the optimizer
 * as its update uses it), its hash, the run id, and the flags in which two identities differ (for --resume).
 * Also the optimizer a run builds from its settings, and the check that --artifacts agree with the settings.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { optimizerConfig, optimizerUse } from '../artifacts/optim/index.js';
import type { OptimizerConfig } from '../artifacts/types.js';
import { describeInit, describePerturb, learningRate, type TrainSettings } from './options.js';

/** The optimizer to build into the training graph (not with --artifacts: theirs is in the graph). */
export function optimizerFromSettings(s: TrainSettings): OptimizerConfig {
  return optimizerConfig(s.optimizer ?? 'sgd', { momentum: s.momentum ?? undefined, weightDecay: s.weightDecay ?? undefined });
}

/** With --artifacts the optimizer is part of the graph: settings that disagree with it are an error. */
export function checkOptimizerMatches(s: TrainSettings, baked: OptimizerConfig, dir: string): void {
  const clash = (flag: string, given: unknown, inGraph: unknown) =>
    new InputError(`--${flag} ${String(given)} differs from the artifacts in ${dir} (${String(inGraph)}); the optimizer is part of the training graph: rebuild the artifacts or drop --${flag}`);
  if (s.optimizer !== null && s.optimizer !== baked.kind) throw clash('optimizer', s.optimizer, baked.kind);
  if (s.momentum !== null && baked.kind === 'momentum' && s.momentum !== baked.momentum) throw clash('momentum', s.momentum, baked.momentum);
  if (s.weightDecay !== null && s.weightDecay !== baked.weightDecay) throw clash('weight-decay', s.weightDecay, baked.weightDecay);
}

/** What makes two runs the same run (not epochs, output, device or threads). */
export function runIdentity(s: TrainSettings, optimizer: OptimizerConfig) {
  return {
    model: s.model === null ? null : /\.onnx$/i.test(s.model) ? resolve(s.model) : s.model,
    artifacts: s.artifacts === null ? null : resolve(s.artifacts),
    data: s.data === null ? s.dataset : resolve(s.data),
    dataSeed: s.dataSeed,
    synthetic: s.synthetic,
    limitTrain: s.limitTrain,
    limitTest: s.limitTest,
    batchSize: s.batchSize,
    optimizer: optimizerUse(optimizer),
    lr: learningRate(s, optimizer.kind),
    init: s.init,
    perturb: s.perturb,
    freeze: s.freeze,
    seed: s.seed,
  };
}

export type RunIdentity = ReturnType<typeof runIdentity>;

export function hashIdentity(identity: RunIdentity): string {
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
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
  if (key === 'init') return describeInit(value as RunIdentity['init']);
  if (key === 'perturb') return describePerturb(value as RunIdentity['perturb']);
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
