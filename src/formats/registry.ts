/**
 * The registry of checkpoint formats (docs/design.md section 9): `listRun` and `openCheckpoint` ask every format what
 * a path is to it (formats/types.ts). Adding a format is one module implementing `Format` and one line here. A
 * directory two formats call a run is refused (a run holds one format); what no format claims gets the reason why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { CheckpointIndex } from '../checkpoint/types.js';
import { naturalCompare } from '../checkpoint/natural-order.js';
import { hubCacheFormat } from './hub-cache.js';
import { onnxFormat } from './onnx.js';
import { safetensorsFormat } from './safetensors.js';
import type { Format, PathKind, RunListing } from './types.js';
import { isRunList, listRunList, runListTarget } from './run-list.js';
import { isRemoteUrl, redactUrl } from '../remote/url.js';
import { isRemoteCheckpointName, openRemoteCheckpoint } from './remote-checkpoint.js';

/** In the order they are asked: the hub cache's layout is the most specific. */
export const FORMATS: readonly Format[] = [hubCacheFormat, safetensorsFormat, onnxFormat];

const PICKLE = /\.(pt|pth|bin|ckpt|pkl)$/i;
const SAVE_SAFETENSORS = 'safetensors.torch.save_file(model.state_dict(), f"runs/mynet/epoch-{epoch:03d}.safetensors")';

function matches(p: string): { format: Format; kind: PathKind }[] {
  return FORMATS.flatMap((format) => {
    const kind = format.match(p);
    return kind ? [{ format, kind }] : [];
  });
}

/** The checkpoints of a run directory (or run list, run-list.ts), in order, by the format that reads it. */
export function listFormatRun(dir: string): RunListing {
  if (isRemoteUrl(dir)) {
    throw new InputError(`${redactUrl(dir)}: a URL names one checkpoint; write the run's checkpoint URLs into a run list, one per line, and pass its path`);
  }
  if (isRunList(dir)) return listRunList(dir);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    throw new InputError(`${dir}: cannot read the checkpoint directory (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const found = matches(dir);
  if (!st.isDirectory()) {
    if (found.some((m) => m.kind === 'checkpoint')) {
      throw new InputError(`${dir}: one checkpoint, not a run; point at the directory that holds the run's checkpoints (${path.dirname(dir)}?)`);
    }
    throw new InputError(`${dir}: not a directory of checkpoints, nor a run list (one checkpoint path or URL per line)`);
  }
  const runs = found.filter((m) => m.kind === 'run');
  if (runs.length > 1) {
    const names = runs.map((m) => m.format.name);
    const what = names.includes('ONNX') && names.includes('safetensors') ? '.onnx and safetensors' : names.join(' and ');
    throw new InputError(`${dir}: mixes ${what} checkpoints; a run holds one format`);
  }
  if (runs.length === 1) return runs[0]!.format.list(dir);
  if (found.length > 0) {
    throw new InputError(
      `${dir}: one ${found[0]!.format.name} checkpoint, not a run; point at its parent (${path.dirname(path.resolve(dir))}), the directory that holds the run's checkpoints`,
    );
  }
  const pickles = fs.readdirSync(dir).filter((n) => PICKLE.test(n)).sort(naturalCompare);
  if (pickles.length > 0) {
    throw new InputError(
      `${dir}: ${pickles.slice(0, 3).join(', ')}${pickles.length > 3 ? ', ...' : ''} are PyTorch pickles, which weightscale does not read (unpickling runs code); save each checkpoint as safetensors instead: ${SAVE_SAFETENSORS}`,
    );
  }
  throw new InputError(`${dir}: no .onnx or safetensors checkpoints in this directory`);
}

/** A checkpoint's tensor index, by the format it belongs to. */
export function openFormatCheckpoint(p: string): CheckpointIndex {
  if (isRemoteUrl(p)) {
    if (!isRemoteCheckpointName(p)) throw new InputError(`${redactUrl(p)}: not a checkpoint URL weightscale reads (a .safetensors file, a *.safetensors.index.json shard index, or an .onnx file)`);
    return openRemoteCheckpoint(p).index;
  }
  if (!fs.existsSync(p)) throw new InputError(`${p}: not found`);
  const found = matches(p);
  const checkpoint = found.find((m) => m.kind === 'checkpoint');
  if (checkpoint) return checkpoint.format.open(p);
  const run = found.find((m) => m.kind === 'run');
  if (run) {
    const { checkpoints } = run.format.list(p);
    throw new InputError(`${p}: a run of ${checkpoints.length} ${run.format.name} checkpoints, not one checkpoint; pass one of them (${checkpoints[0]!.file})`);
  }
  throw new InputError(`${p}: not a checkpoint weightscale reads (an .onnx file, a .safetensors file or shard index, a directory holding one, or a hub cache snapshot)`);
}

/** What `openCheckpoint` opens for the checkpoint a run (directory or run list) calls `file`. */
export function checkpointPathIn(run: string, file: string): string {
  return isRunList(run) ? runListTarget(run, file) : path.join(run, file);
}
