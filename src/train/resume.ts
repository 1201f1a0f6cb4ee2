/**
 * --resume: continue from the last complete epoch in OUT. An epoch is complete when run.json lists it and both
 * `epoch-NNN.onnx` and `epoch-NNN.state` exist with matching run id, epoch and step. Training resumes at the next
 * epoch with those weights, that optimizer state and step count; data order and everything else depend only on
 * (seed, epoch), so the result equals an uninterrupted run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { checkpointFileName, readRunFile, stateFileName } from './checkpoint-io.js';
import { readRunRecord, RUN_FILE, type RunRecord } from './run-file.js';
import type { LoopState } from './batches.js';
import { toHeldLayout } from './held-layout.js';
import { OPTIMIZER_DEFAULTS, optimizerUse } from '../artifacts/optim/index.js';
import type { ArtifactsContract, OptimizerConfig } from '../artifacts/types.js';
import { hashIdentity, identityDifferences, type RunIdentity } from './identity.js';
import { existingOutputEntries } from '../util/output-path.js';

export interface ResumePoint {
  epoch: number;
  state: LoopState;
  record: RunRecord;
}

/** Refuses to start a fresh run in a directory that already holds one. */
export function assertFreshOutput(out: string): void {
  const entries = existingOutputEntries(out);
  if (entries === null) return;
  const taken = entries.filter((n) => n === RUN_FILE || /^epoch-\d+\.(onnx|state)$/.test(n));
  if (taken.length > 0) {
    throw new InputError(`--out ${out} already holds a run (${taken.slice(0, 3).join(', ')}); pass --resume to continue it or choose another directory`);
  }
}

function loadEpoch(out: string, epoch: number, runId: string, contract: ArtifactsContract): LoopState | undefined {
  const weights = readRunFile(out, checkpointFileName(epoch));
  const optimizer = readRunFile(out, stateFileName(epoch));
  if (weights === undefined || optimizer === undefined) return undefined;
  const consistent =
    weights.meta.epoch === epoch &&
    optimizer.meta.epoch === epoch &&
    weights.meta.runId === runId &&
    optimizer.meta.runId === runId &&
    weights.meta.step === optimizer.meta.step;
  if (!consistent) return undefined;
  const values = new Map<string, Float32Array>();
  for (const p of contract.params) {
    const v = weights.values.get(p.name);
    if (v === undefined) throw new InputError(`${join(out, checkpointFileName(epoch))}: has no tensor '${p.name}'`);
    values.set(p.name, Float32Array.from(v)); // own copies: the training loop writes into these arrays later
  }
  const state = new Map<string, Float32Array>();
  for (const s of contract.state) {
    const v = optimizer.values.get(s.name);
    if (v === undefined) throw new InputError(`${join(out, stateFileName(epoch))}: has no optimizer state '${s.name}'`);
    state.set(s.name, Float32Array.from(v));
  }
  return toHeldLayout({ values, state, step: weights.meta.step }, contract);
}

/**
 * The identity a run.json records, its optimizer reduced to the coefficients the update uses, as runIdentity gives
 * it (a record may list them all).
 */
function recordedIdentity(config: RunIdentity): RunIdentity {
  const optimizer = config.optimizer as Partial<OptimizerConfig> & Pick<OptimizerConfig, 'kind' | 'weightDecay'>;
  return { ...config, optimizer: optimizerUse({ ...OPTIMIZER_DEFAULTS, ...optimizer }) };
}

/**
 * The last complete epoch of the run in `out`, or undefined when there is nothing to resume (then the run starts
 * fresh). A run.json made with other options is an InputError: the recorded identity (run.json `config`) must equal
 * this run's, or, in a record without it, the hash.
 */
export function findResumePoint(out: string, identity: RunIdentity, contract: ArtifactsContract): ResumePoint | undefined {
  const record = existsSync(out) ? readRunRecord(out) : undefined;
  if (record === undefined) {
    assertFreshOutput(out);
    return undefined;
  }
  const differences = record.config === undefined ? [] : identityDifferences(recordedIdentity(record.config), identity);
  if (differences.length > 0 || (record.config === undefined && record.configHash !== hashIdentity(identity))) {
    const what = differences.length > 0 ? `with ${differences.join('; ')}` : 'by a run with other options (model, data, optimizer, init, perturb, freeze or seed differ)';
    throw new InputError(`--resume: ${join(out, RUN_FILE)} was written ${what}; use the same options or another --out`);
  }
  const epochs = record.epochs.map((e) => e.epoch).sort((a, b) => b - a);
  for (const epoch of epochs) {
    const state = loadEpoch(out, epoch, record.runId, contract);
    if (state !== undefined) {
      return { epoch, state, record: { ...record, status: 'running', epochs: record.epochs.filter((e) => e.epoch <= epoch) } };
    }
  }
  return undefined;
}
