/**
 * The ONNX format. A run is a directory of `*.onnx` files (symlinks followed), numbered by the integer
 * `weightscale.epoch` metadata when every file has it, else by the last integer of the file name (docs/design.md
 * section 3). Ties are errors and gaps are warnings: the order is never guessed silently.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { META_EPOCH } from '../contract.js';
import { InputError } from '../errors.js';
import { peekMetadata } from '../onnx/peek-metadata.js';
import { lastInteger, naturalCompare } from '../checkpoint/natural-order.js';
import { indexOnnx } from './onnx-index.js';
import type { Checkpoint, Format, RunListing } from './types.js';

export const onnxFormat: Format = {
  name: 'ONNX',
  match(path) {
    const st = statOrNull(path);
    if (st?.isFile()) return /\.onnx$/i.test(path) ? 'checkpoint' : null;
    return st?.isDirectory() && onnxFiles(path).length > 0 ? 'run' : null;
  },
  list: listOnnxRun,
  open: indexOnnx,
};

function onnxFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.onnx') && statOrNull(join(dir, n))?.isFile())
    .sort(naturalCompare);
}

function listOnnxRun(dir: string): RunListing {
  const entries = onnxFiles(dir).map((file) => {
    const path = join(dir, file);
    const metaEpoch = safePeek(path)?.[META_EPOCH];
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
      throw new InputError(`${e.path}: cannot tell its epoch: no '${META_EPOCH}' metadata in every file and no number in its name`);
    }
    return { path: e.path, file: e.file, epoch, bytes: e.bytes };
  });
  checkpoints.sort((a, b) => a.epoch - b.epoch || naturalCompare(a.file, b.file));

  const warnings: string[] = [];
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
    if (a.epoch === b.epoch) {
      throw new InputError(`${dir}: ${a.file} and ${b.file} both have epoch ${a.epoch} (from ${byMetadata ? 'metadata' : 'file names'}); remove one`);
    }
    if (b.epoch !== a.epoch + 1) warnings.push(`epochs ${a.epoch + 1}..${b.epoch - 1} are missing between ${a.file} and ${b.file}`);
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

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
