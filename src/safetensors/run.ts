/**
 * A run of safetensors checkpoints: `.safetensors` files, or subdirectories holding one checkpoint each (the
 * Hugging Face Trainer's `checkpoint-<step>/`). Files and directories may be symlinks (followed: the user's own
 * filesystem put them there). Numbering: the integer `step` in every file's `__metadata__` when each has one (unit
 * `step`), else the last integer of the name; `checkpoint-N` subdirectories count steps, other names epochs. Ties are
 * errors; a step unlike the run's usual one is a warning. Lists in messages are in natural order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { checkpointLayout } from './checkpoint.js';
import { indexSafetensors } from './file-index.js';
import { lastInteger, naturalCompare } from '../checkpoint/natural-order.js';

export interface SafetensorsCheckpoint {
  /** The .safetensors file, or the checkpoint subdirectory. */
  path: string;
  /** Its name inside the run directory. */
  file: string;
  /** Its number: an epoch, or a training step (the listing's `unit`). */
  epoch: number;
  /** Bytes of the checkpoint's .safetensors files. */
  bytes: number;
  format: 'safetensors';
}

export interface SafetensorsRunListing {
  dir: string;
  checkpoints: SafetensorsCheckpoint[];
  orderedBy: 'metadata' | 'file-name';
  unit: 'epoch' | 'step';
  warnings: string[];
}

/** What `dir` is to safetensors: a run, one checkpoint (a Trainer `checkpoint-N/`, a sharded set, `model.safetensors`), or neither. */
export function safetensorsDirKind(dir: string): 'run' | 'checkpoint' | null {
  const s = scan(dir, true);
  if (s.subdirs.length > 0) return 'run';
  if (s.indexes.length > 0 || s.files.includes('model.safetensors')) return 'checkpoint';
  return s.files.length > 0 ? 'run' : null;
}

/**
 * True when `dir` holds safetensors files or subdirectories with safetensors files (what `listSafetensorsRun`
 * reads, or refuses with a reason).
 */
export function hasSafetensorsCheckpoints(dir: string): boolean {
  return safetensorsDirKind(dir) !== null;
}

export function listSafetensorsRun(dir: string): SafetensorsRunListing {
  const { files, indexes, subdirs } = scan(dir);
  const warnings: string[] = [];
  let found: { name: string; path: string; bytes: number; step: number | null }[];
  let unit: 'epoch' | 'step' = 'epoch';
  if (subdirs.length > 0) {
    found = subdirs.map((name) => ({ name, path: path.join(dir, name), bytes: safetensorsBytes(path.join(dir, name)), step: null }));
    if (subdirs.every((n) => /^checkpoint-\d+$/.test(n))) unit = 'step';
    const loose = [...indexes, ...files].sort(naturalCompare);
    if (loose.length > 0) {
      warnings.push(`left out ${loose.join(', ')}: the run's checkpoints are its subdirectories (${subdirs.join(', ')})`);
    }
  } else if (indexes.length > 0) {
    throw new InputError(
      `${dir}: holds one sharded checkpoint (${indexes.join(', ')}), not a run; point at the directory that holds its checkpoint directories`,
    );
  } else if (files.length > 0) {
    found = files.map((name) => {
      const p = path.join(dir, name);
      return { name, path: p, bytes: fs.statSync(p).size, step: metadataStep(p) };
    });
  } else {
    throw new InputError(`${dir}: no safetensors checkpoints (.safetensors files or checkpoint subdirectories) in this directory`);
  }

  const byMetadata = found.every((f) => f.step !== null);
  if (byMetadata) unit = 'step';
  const checkpoints = found.map((f): SafetensorsCheckpoint => {
    const n = byMetadata ? f.step : lastInteger(f.name);
    if (n === null) throw new InputError(`${f.path}: cannot tell its step or epoch: no number in its name and no 'step' in its metadata`);
    return { path: f.path, file: f.name, epoch: n, bytes: f.bytes, format: 'safetensors' };
  });
  checkpoints.sort((a, b) => a.epoch - b.epoch || naturalCompare(a.file, b.file));
  const source = byMetadata ? 'step metadata' : 'number in their names';
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
    if (a.epoch === b.epoch) throw new InputError(`${dir}: ${a.file} and ${b.file} both have ${unit} ${a.epoch} (${source}); remove one`);
  }
  const steps = checkpoints.slice(1).map((c, i) => c.epoch - checkpoints[i]!.epoch);
  const usual = Math.min(...steps);
  steps.forEach((s, i) => {
    if (s !== usual) {
      warnings.push(`${checkpoints[i]!.file} -> ${checkpoints[i + 1]!.file} is a gap of ${s} ${unit}s where the run's usual gap is ${usual}: checkpoints missing?`);
    }
  });
  return { dir, checkpoints, orderedBy: byMetadata ? 'metadata' : 'file-name', unit, warnings };
}

/** The integer `step` of a file's `__metadata__`, or null (also when the header cannot be read: opening it says why). */
function metadataStep(file: string): number | null {
  let step: string | undefined;
  try {
    step = indexSafetensors(file).metadata['step'];
  } catch {
    return null;
  }
  return step !== undefined && /^\d+$/.test(step.trim()) ? Number(step) : null;
}

interface Scan {
  files: string[];
  indexes: string[];
  subdirs: string[];
}

/** `lenient`: a subdirectory whose layout is an error (several .safetensors files) counts as a checkpoint. */
function scan(dir: string, lenient = false): Scan {
  let names: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new InputError(`${dir}: not a directory of checkpoints`);
    names = fs.readdirSync(dir);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${dir}: cannot read the checkpoint directory (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const kinds = new Map(names.map((n) => [n, kindOf(path.join(dir, n))]));
  const pick = (pred: (name: string, kind: 'file' | 'dir' | null) => boolean) => names.filter((n) => pred(n, kinds.get(n)!)).sort(naturalCompare);
  return {
    files: pick((n, k) => k === 'file' && n.endsWith('.safetensors')),
    indexes: pick((n, k) => k === 'file' && n.endsWith('.safetensors.index.json')),
    subdirs: pick((n, k) => k === 'dir' && holdsCheckpoint(path.join(dir, n), lenient)),
  };
}

/** File or directory after following symlinks; null for anything else and for dangling links. */
export function kindOf(p: string): 'file' | 'dir' | null {
  try {
    const st = fs.statSync(p);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : null;
  } catch {
    return null;
  }
}

function holdsCheckpoint(dir: string, lenient: boolean): boolean {
  try {
    return checkpointLayout(dir) !== undefined;
  } catch (e) {
    if (lenient && e instanceof InputError) return true;
    throw e;
  }
}

/** Bytes of the `.safetensors` files in a checkpoint directory (symlinks followed). */
export function safetensorsBytes(dir: string): number {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.safetensors') && kindOf(path.join(dir, n)) === 'file')
    .reduce((sum, n) => sum + fs.statSync(path.join(dir, n)).size, 0);
}

export { lastInteger };
