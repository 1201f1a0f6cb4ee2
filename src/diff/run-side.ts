/**
 * One side of a diff: the run analysed by `analyzeRun` (the same pipeline as `analyze`), plus its first and last
 * checkpoints read once more for what the analysis does not return (weights for norms and features).
 */
import { join } from 'node:path';
import { analyzeRun, type AnalyzeHooks, type AnalyzeResult } from '../analyze/analyze.js';
import type { AnalyzeOptions } from '../analyze/types.js';
import type { Layer } from '../model/types.js';
import type { FloatData, Graph } from '../onnx/types.js';
import { openCheckpoint } from '../checkpoint/open.js';
import { TensorReader } from '../checkpoint/read-tensor.js';
import { layersOf } from '../analyze/load.js';

export interface CheckpointModel {
  file: string;
  /** The ONNX graph (undefined for graph-less formats). */
  graph?: Graph;
  /** Shape of every weight tensor in the checkpoint. */
  shapes: Map<string, number[]>;
  layers: Layer[];
  /** Float initializers by name. */
  tensors: Map<string, FloatData>;
}

export interface RunSide {
  dir: string;
  result: AnalyzeResult;
  first: CheckpointModel;
  last: CheckpointModel;
}

/** The checkpoint's layers and their tensors' values (read through the index: only the layers' tensors). */
export function readCheckpointModel(dir: string, file: string): CheckpointModel {
  const index = openCheckpoint(join(dir, file));
  const layers = layersOf(index);
  const tensors = new Map<string, FloatData>();
  const reader = new TensorReader();
  try {
    for (const name of new Set(layers.flatMap((l) => l.tensors))) {
      const entry = index.tensors.get(name);
      if (entry) tensors.set(name, reader.read(entry));
    }
  } finally {
    reader.close();
  }
  const shapes = new Map([...index.tensors].map(([name, e]) => [name, e.shape] as const));
  return { file, graph: index.graph, shapes, layers, tensors };
}

export async function analyzeSide(dir: string, options: AnalyzeOptions, hooks: AnalyzeHooks = {}): Promise<RunSide> {
  const result = await analyzeRun(dir, options, hooks);
  const checkpoints = result.summary.run.checkpoints;
  const first = readCheckpointModel(dir, checkpoints[0].file);
  const last = checkpoints.length > 1 ? readCheckpointModel(dir, checkpoints[checkpoints.length - 1].file) : first;
  return { dir, result, first, last };
}
