/**
 * The one small interface every checkpoint format implements (docs/design.md section 9), after Netron's readers:
 * `match` says what a path is to the format (a run it can list, a checkpoint it can open, or nothing), `list` orders
 * a run's checkpoints, `open` builds a checkpoint's tensor index. The registry (registry.ts) asks each format in turn.
 */
import type { CheckpointFormat, CheckpointIndex } from '../checkpoint/types.js';

export interface Checkpoint {
  /** What `openCheckpoint` opens: a file, a checkpoint directory, or a hub cache ref file. */
  path: string;
  /** Its path relative to the run directory (the name shown in reports; `join(dir, file)` opens it too). */
  file: string;
  /** Its number in the run's unit: an epoch, or a training step. */
  epoch: number;
  bytes: number;
  /** Absent: 'onnx'. */
  format?: CheckpointFormat;
  /** Built while listing (a remote checkpoint of a run list, docs/design.md section 12); else `open(path)` builds it. */
  index?: CheckpointIndex;
}

export interface RunListing {
  dir: string;
  checkpoints: Checkpoint[];
  /** Where the order came from: metadata in the files, their names (file, directory or hub ref names), or a run list. */
  orderedBy: 'metadata' | 'file-name' | 'list';
  /** What `Checkpoint.epoch` counts: epochs, or training steps (Trainer `checkpoint-N/`, hub `stepN` refs, `step` metadata). */
  unit: 'epoch' | 'step';
  warnings: string[];
}

export type PathKind = 'run' | 'checkpoint';

export interface Format {
  /** Shown in messages: 'ONNX', 'safetensors', 'Hugging Face hub cache'. */
  name: string;
  /** What `path` (a file or directory) is to this format, or null when it is not this format's. */
  match(path: string): PathKind | null;
  /** The checkpoints of a run directory `match` called a run, in order. */
  list(dir: string): RunListing;
  /** The tensor index of a checkpoint `match` called a checkpoint. */
  open(path: string): CheckpointIndex;
}
