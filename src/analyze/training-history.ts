/**
 * The training curves of a run directory written by weightscale's trainer: `run.json`'s per-epoch train/test loss
 * and accuracy (schema "weightscale.run/1"), for the report. A directory without run.json has none (null); a
 * run.json that cannot be read or has no epochs gives null and a warning, never an error, since the checkpoints
 * alone are a complete input to `analyze`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TrainingHistory {
  /** Where it was read from, relative to the run directory. */
  file: 'run.json';
  model: string | null;
  dataset: string | null;
  optimizer: string | null;
  /** One entry per recorded epoch, in epoch order. Losses and accuracies are null where not measured (epoch 0 train). */
  epochs: number[];
  trainLoss: (number | null)[];
  trainAccuracy: (number | null)[];
  testLoss: (number | null)[];
  testAccuracy: (number | null)[];
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/** Parses run.json's text (pure). Throws an Error naming what is wrong when it is not a weightscale run record. */
export function parseTrainingHistory(json: string): TrainingHistory {
  const record = JSON.parse(json) as Record<string, unknown>;
  if (typeof record.schema !== 'string' || !record.schema.startsWith('weightscale.run/')) {
    throw new Error(`schema is ${JSON.stringify(record.schema)}, not weightscale.run/1`);
  }
  if (!Array.isArray(record.epochs)) throw new Error('no "epochs" list');
  const rows = (record.epochs as Record<string, unknown>[])
    .filter((e) => e !== null && typeof e === 'object' && typeof e.epoch === 'number')
    .sort((a, b) => (a.epoch as number) - (b.epoch as number));
  const dataset = record.dataset as Record<string, unknown> | undefined;
  const optimizer = record.optimizer as Record<string, unknown> | undefined;
  return {
    file: 'run.json',
    model: text(record.model),
    dataset: text(dataset?.name),
    optimizer: text(optimizer?.kind),
    epochs: rows.map((e) => e.epoch as number),
    trainLoss: rows.map((e) => numberOrNull(e.trainLoss)),
    trainAccuracy: rows.map((e) => numberOrNull(e.trainAccuracy)),
    testLoss: rows.map((e) => numberOrNull(e.testLoss)),
    testAccuracy: rows.map((e) => numberOrNull(e.testAccuracy)),
  };
}

/** The run's training history, or null (no run.json; or unreadable/empty, with a warning pushed to `warnings`). */
export function readTrainingHistory(dir: string, warnings: string[]): TrainingHistory | null {
  const file = join(dir, 'run.json');
  if (!existsSync(file)) return null;
  try {
    const history = parseTrainingHistory(readFileSync(file, 'utf8'));
    if (history.epochs.length === 0) {
      warnings.push(`${file}: no epochs recorded; no training curves in the report`);
      return null;
    }
    return history;
  } catch (e) {
    warnings.push(`${file}: not read (${(e as Error).message}); no training curves in the report`);
    return null;
  }
}
