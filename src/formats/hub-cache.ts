/**
 * The Hugging Face hub cache as a run (`models--org--name/`): `refs/<branch>` files hold a commit id, the files of
 * `snapshots/<commit>/` are symlinks into the cache's own `blobs/`. The checkpoints are the refs that name a training
 * step, in step order: the number after `step` (Pythia `step3000`, OLMo `step1000-tokens4B`), else the ref's only
 * integer; `main` and other refs without one are left out with a warning. A checkpoint is opened as the safetensors
 * checkpoint of its snapshot, following symlinks that resolve inside `blobs/` (shards included) and no others.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { CheckpointIndex } from '../checkpoint/types.js';
import { naturalCompare } from '../checkpoint/natural-order.js';
import { indexSafetensorsCheckpoint } from '../safetensors/checkpoint.js';
import { hasSafetensorsCheckpoints, kindOf, safetensorsBytes } from '../safetensors/run.js';
import type { Checkpoint, Format, RunListing } from './types.js';

export const hubCacheFormat: Format = {
  name: 'Hugging Face hub cache',
  match(p) {
    if (isCacheRoot(p)) return 'run';
    const parent = path.dirname(p);
    const within = path.basename(parent);
    if ((within === 'refs' || within === 'snapshots') && isCacheRoot(path.dirname(parent))) return 'checkpoint';
    return null;
  },
  list: listHubCache,
  open: openHubCheckpoint,
};

function isCacheRoot(dir: string): boolean {
  return isDir(path.join(dir, 'refs')) && isDir(path.join(dir, 'snapshots'));
}

/** The training step a ref names, or null: the number after `step`, else its only integer. */
export function refStep(ref: string): number | null {
  const afterStep = /step[-_]?(\d+)/i.exec(ref);
  if (afterStep) return Number(afterStep[1]);
  const integers = ref.match(/\d+/g);
  return integers?.length === 1 ? Number(integers[0]) : null;
}

function listHubCache(dir: string): RunListing {
  const refsDir = path.join(dir, 'refs');
  const refs = fs
    .readdirSync(refsDir)
    .filter((r) => isFile(path.join(refsDir, r)))
    .sort(naturalCompare);
  const warnings: string[] = [];
  const withoutStep = refs.filter((r) => refStep(r) === null);
  if (withoutStep.length > 0) warnings.push(`left out refs ${withoutStep.join(', ')}: they name no training step`);
  const missing: string[] = [];
  const checkpoints: Checkpoint[] = [];
  for (const ref of refs) {
    const step = refStep(ref);
    if (step === null) continue;
    const refPath = path.join(refsDir, ref);
    const snapshot = snapshotOf(refPath);
    if (!isDir(snapshot)) {
      missing.push(ref);
      continue;
    }
    checkpoints.push({ path: refPath, file: `refs/${ref}`, epoch: step, bytes: safetensorsBytes(snapshot), format: 'safetensors' });
  }
  if (missing.length > 0) warnings.push(`left out refs ${missing.join(', ')}: their snapshots are not in the cache`);
  if (checkpoints.length === 0) {
    throw new InputError(`${dir}: a hub cache with no ref naming a training step (refs: ${refs.join(', ') || 'none'}); a run needs refs such as step1000`);
  }
  checkpoints.sort((a, b) => a.epoch - b.epoch || naturalCompare(a.file, b.file));
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
    if (a.epoch === b.epoch) throw new InputError(`${dir}: ${a.file} and ${b.file} both name step ${a.epoch}`);
  }
  return { dir, checkpoints, orderedBy: 'file-name', unit: 'step', warnings };
}

/** The snapshot directory a ref file names. */
function snapshotOf(refPath: string): string {
  let commit: string;
  try {
    commit = fs.readFileSync(refPath, 'utf8').trim();
  } catch (e) {
    throw new InputError(`${refPath}: cannot read the ref (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  if (!/^[0-9A-Za-z._-]+$/.test(commit) || commit === '.' || commit === '..') {
    throw new InputError(`${refPath}: does not hold a commit id (${JSON.stringify(commit.slice(0, 60))})`);
  }
  return path.join(path.dirname(path.dirname(refPath)), 'snapshots', commit);
}

function openHubCheckpoint(p: string): CheckpointIndex {
  const root = path.dirname(path.dirname(p));
  const snapshot = path.basename(path.dirname(p)) === 'refs' ? snapshotOf(p) : p;
  if (!isDir(snapshot)) throw new InputError(`${p}: its snapshot ${path.relative(root, snapshot)} is not in the cache`);
  if (!hasSafetensorsCheckpoints(snapshot)) {
    throw new InputError(`${p}: no safetensors weights in snapshot ${path.basename(snapshot)} (the hub cache is read for .safetensors files)`);
  }
  return { ...indexSafetensorsCheckpoint(snapshot, path.join(root, 'blobs')), path: p };
}

const isDir = (p: string) => kindOf(p) === 'dir';
const isFile = (p: string) => kindOf(p) === 'file';
