/**
 * `run.json`, the driver's record of a run: what it was (model, data, optimizer, seed, device) and how it went.
 * Written here, atomically, after each epoch, so an interrupted run keeps a consistent record of its complete epochs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_SCHEMA } from '../contract.js';
import { InputError } from '../errors.js';
import type { OptimizerUse } from '../artifacts/optim/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { EpochRecord } from './events.js';
import type { RunIdentity } from './identity.js';

export const RUN_FILE = 'run.json';

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
  /** The optimizer's kind, learning rate and the coefficients its update uses (no momentum or betas for sgd). */
  optimizer: OptimizerUse & { lr: number };
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
