/**
 * A run of safetensors checkpoints: a directory holding either (a) several `*.safetensors` files, or (b)
 * subdirectories each holding one checkpoint (`checkpoint-500/`, `checkpoint-1000/` as the Hugging Face Trainer
 * writes them: `model.safetensors` or a sharded set). The epoch (or step) of each is the last integer in its file or
 * subdirectory name, and the run is ordered by it (so `checkpoint-1000` follows `checkpoint-500`). When checkpoint
 * subdirectories exist, loose top-level files (the Trainer's final `model.safetensors`) are left out with a
 * warning. Two checkpoints with the same number are an error; an irregular step (a checkpoint missing from an
 * otherwise even spacing) is a warning. Subdirectories without safetensors files (logs) are ignored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { checkpointLayout } from './checkpoint.js';

export interface SafetensorsCheckpoint {
  /** The .safetensors file, or the checkpoint subdirectory. */
  path: string;
  /** Its name inside the run directory. */
  file: string;
  epoch: number;
  /** Bytes of the checkpoint's .safetensors files. */
  bytes: number;
  format: 'safetensors';
}

export interface SafetensorsRunListing {
  dir: string;
  checkpoints: SafetensorsCheckpoint[];
  orderedBy: 'file-name';
  unit: 'epoch' | 'step';
  warnings: string[];
}

/**
 * True when `dir` holds safetensors files or subdirectories with safetensors files (what `listSafetensorsRun`
 * reads, or refuses with a reason).
 */
export function hasSafetensorsCheckpoints(dir: string): boolean {
  const s = scan(dir, true);
  return s.files.length + s.indexes.length + s.subdirs.length > 0;
}

export function listSafetensorsRun(dir: string): SafetensorsRunListing {
  const { files, indexes, subdirs } = scan(dir);
  const warnings: string[] = [];
  let found: { name: string; path: string; bytes: number }[];
  if (subdirs.length > 0) {
    found = subdirs.map((name) => ({ name, path: path.join(dir, name), bytes: safetensorsBytes(path.join(dir, name)) }));
    const loose = [...indexes, ...files];
    if (loose.length > 0) {
      warnings.push(`left out ${loose.join(', ')}: the run's checkpoints are its subdirectories (${subdirs.join(', ')})`);
    }
  } else if (indexes.length > 0) {
    throw new InputError(
      `${dir}: holds one sharded checkpoint (${indexes.join(', ')}), not a run; a run is a directory of .safetensors files or of checkpoint subdirectories`,
    );
  } else if (files.length > 0) {
    found = files.map((name) => ({ name, path: path.join(dir, name), bytes: fs.statSync(path.join(dir, name)).size }));
  } else {
    throw new InputError(`${dir}: no safetensors checkpoints (.safetensors files or checkpoint subdirectories) in this directory`);
  }

  const checkpoints = found.map((f): SafetensorsCheckpoint => {
    const epoch = lastInteger(f.name);
    if (epoch === null) throw new InputError(`${f.path}: cannot tell its step or epoch: no number in its name`);
    return { path: f.path, file: f.name, epoch, bytes: f.bytes, format: 'safetensors' };
  });
  checkpoints.sort((a, b) => a.epoch - b.epoch || a.file.localeCompare(b.file));
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
    if (a.epoch === b.epoch) throw new InputError(`${dir}: ${a.file} and ${b.file} both have number ${a.epoch} in their names; remove one`);
  }
  const steps = checkpoints.slice(1).map((c, i) => c.epoch - checkpoints[i]!.epoch);
  const usual = Math.min(...steps);
  steps.forEach((s, i) => {
    if (s !== usual) {
      warnings.push(`${checkpoints[i]!.file} -> ${checkpoints[i + 1]!.file} is a step of ${s} where the run's usual step is ${usual}: checkpoints missing?`);
    }
  });
  return { dir, checkpoints, orderedBy: 'file-name', unit: 'epoch', warnings };
}

interface Scan {
  files: string[];
  indexes: string[];
  subdirs: string[];
}

/** `lenient`: a subdirectory whose layout is an error (several .safetensors files) counts as a checkpoint. */
function scan(dir: string, lenient = false): Scan {
  let entries: fs.Dirent[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new InputError(`${dir}: not a directory of checkpoints`);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${dir}: cannot read the checkpoint directory (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const names = (pred: (e: fs.Dirent) => boolean) => entries.filter(pred).map((e) => e.name).sort();
  return {
    files: names((e) => e.isFile() && e.name.endsWith('.safetensors')),
    indexes: names((e) => e.isFile() && e.name.endsWith('.safetensors.index.json')),
    subdirs: names((e) => e.isDirectory() && holdsCheckpoint(path.join(dir, e.name), lenient)),
  };
}

function holdsCheckpoint(dir: string, lenient: boolean): boolean {
  try {
    return checkpointLayout(dir) !== undefined;
  } catch (e) {
    if (lenient && e instanceof InputError) return true;
    throw e;
  }
}

function safetensorsBytes(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.safetensors'))
    .reduce((sum, e) => sum + fs.statSync(path.join(dir, e.name)).size, 0);
}

/** The last integer in a file or directory name (`checkpoint-1500` -> 1500), or null. */
export function lastInteger(name: string): number | null {
  const matches = path.basename(name).match(/\d+/g);
  return matches ? Number(matches[matches.length - 1]) : null;
}
