/**
 * One side of a diff: the run analysed by `analyzeRun` (the same pipeline as `analyze`), plus its first and last
 * checkpoints read once more for what the analysis does not return (weights for norms and features).
 */
import { analyzeRun, type AnalyzeHooks, type AnalyzeResult } from '../analyze/analyze.js';
import type { AnalyzeOptions } from '../analyze/types.js';
import type { Layer } from '../model/types.js';
import type { FloatData, Graph } from '../onnx/types.js';
import { openCheckpoint } from '../formats/open.js';
import { readTensor } from '../checkpoint/read-tensor.js';
import { layersOf } from '../analyze/load.js';
import { checkpointPathIn } from '../formats/registry.js';

export interface CheckpointModel {
  file: string;
  /** The ONNX graph (undefined for graph-less formats). */
  graph?: Graph;
  /** Shape of every weight tensor in the checkpoint. */
  shapes: Map<string, number[]>;
  layers: Layer[];
  /** A float tensor's values, read from disk at each call; undefined when the checkpoint has no such tensor. */
  tensor: (name: string) => FloatData | undefined;
}

export interface RunSide {
  dir: string;
  result: AnalyzeResult;
  first: CheckpointModel;
  last: CheckpointModel;
}

/**
 * The checkpoint's layers, with their tensors read on demand through the index (one tensor at a time, never the
 * whole checkpoint: docs/design.md section 10).
 */
export function readCheckpointModel(dir: string, file: string): CheckpointModel {
  const index = openCheckpoint(checkpointPathIn(dir, file));
  const layers = layersOf(index);
  const tensor = (name: string): FloatData | undefined => {
    const entry = index.tensors.get(name);
    return entry ? readTensor(entry) : undefined;
  };
  const shapes = new Map([...index.tensors].map(([name, e]) => [name, e.shape] as const));
  return { file, graph: index.graph, shapes, layers, tensor };
}

export async function analyzeSide(dir: string, options: AnalyzeOptions, hooks: AnalyzeHooks = {}): Promise<RunSide> {
  const result = await analyzeRun(dir, options, hooks);
  const checkpoints = result.summary.run.checkpoints;
  const first = readCheckpointModel(dir, checkpoints[0].file);
  const last = checkpoints.length > 1 ? readCheckpointModel(dir, checkpoints[checkpoints.length - 1].file) : first;
  return { dir, result, first, last };
}
