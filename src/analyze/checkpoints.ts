/**
 * A run = a directory of *.onnx checkpoints. Order (docs/design.md section 3): the integer `weightscale.epoch` metadata
 * when every file has it, otherwise the last integer in the file name. Ties are errors and gaps are warnings:
 * the order is never guessed silently. A directory of safetensors checkpoints (files or `checkpoint-N/`
 * subdirectories) is listed by src/safetensors/run.ts (docs/design.md section 9); one mixing both formats is an error.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { META_EPOCH } from '../contract.js';
import { InputError } from '../errors.js';
import { peekMetadata } from '../onnx/peek-metadata.js';
import type { CheckpointFormat } from '../checkpoint/types.js';
import type { RunUnit } from './types.js';
import { hasSafetensorsCheckpoints, listSafetensorsRun } from '../safetensors/run.js';

export interface Checkpoint {
  path: string;
  file: string;
  epoch: number;
  bytes: number;
  /** Absent: 'onnx'. */
  format?: CheckpointFormat;
}

export interface RunListing {
  dir: string;
  checkpoints: Checkpoint[];
  /** Where the epoch numbers came from. */
  orderedBy: 'metadata' | 'file-name';
  /** What `Checkpoint.epoch` counts: epochs, or training steps (Trainer `checkpoint-N/`, hub `stepN` refs). */
  unit: RunUnit;
  warnings: string[];
}

export function listRun(dir: string): RunListing {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new InputError(`${dir}: not a directory of checkpoints`);
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${dir}: cannot read the checkpoint directory (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const files = names.filter((n) => n.endsWith('.onnx') && statSync(join(dir, n)).isFile()).sort();
  if (hasSafetensorsCheckpoints(dir)) {
    if (files.length > 0) throw new InputError(`${dir}: mixes .onnx and safetensors checkpoints; a run holds one format`);
    return listSafetensorsRun(dir);
  }
  if (files.length === 0) throw new InputError(`${dir}: no .onnx or safetensors checkpoints in this directory`);

  const entries = files.map((file) => {
    const path = join(dir, file);
    const meta = safePeek(path);
    const metaEpoch = meta?.[META_EPOCH];
    return {
      path,
      file,
      bytes: statSync(path).size,
      metaEpoch: metaEpoch !== undefined && /^\d+$/.test(metaEpoch.trim()) ? Number(metaEpoch) : null,
      nameEpoch: lastInteger(file),
    };
  });

  const byMetadata = entries.every((e) => e.metaEpoch !== null);
  const checkpoints: Checkpoint[] = entries.map((e) => {
    const epoch = byMetadata ? e.metaEpoch : e.nameEpoch;
    if (epoch === null) {
      throw new InputError(
        `${e.path}: cannot tell its epoch: no '${META_EPOCH}' metadata in every file and no number in its name`,
      );
    }
    return { path: e.path, file: e.file, epoch, bytes: e.bytes };
  });
  checkpoints.sort((a, b) => a.epoch - b.epoch || a.file.localeCompare(b.file));

  const warnings: string[] = [];
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1], checkpoints[i]];
    if (a.epoch === b.epoch) {
      throw new InputError(
        `${dir}: ${a.file} and ${b.file} both have epoch ${a.epoch} (from ${byMetadata ? 'metadata' : 'file names'}); remove one`,
      );
    }
    if (b.epoch !== a.epoch + 1) {
      warnings.push(`epochs ${a.epoch + 1}..${b.epoch - 1} are missing between ${a.file} and ${b.file}`);
    }
  }
  return { dir, checkpoints, orderedBy: byMetadata ? 'metadata' : 'file-name', unit: 'epoch', warnings };
}

function safePeek(path: string): Record<string, string> | null {
  try {
    return peekMetadata(path);
  } catch {
    return null;
  }
}

export function lastInteger(file: string): number | null {
  const matches = basename(file).match(/\d+/g);
  return matches ? Number(matches[matches.length - 1]) : null;
}
