/**
 * One side of a diff: the run analysed by `analyzeRun` (the same pipeline as `analyze`), plus its first and last
 * checkpoints read once more for what the analysis does not return (weights for norms and features).
 */
import { join } from 'node:path';
import { analyzeRun, type AnalyzeHooks, type AnalyzeResult } from '../analyze/analyze.js';
import type { AnalyzeOptions } from '../analyze/types.js';
import { extractLayers } from '../model/layers.js';
import type { Layer } from '../model/types.js';
import { readModel } from '../onnx/read.js';
import type { FloatData, Model } from '../onnx/types.js';

export interface CheckpointModel {
  file: string;
  model: Model;
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

export function readCheckpointModel(dir: string, file: string): CheckpointModel {
  const model = readModel(join(dir, file), { includeNonFloat: false });
  const tensors = new Map<string, FloatData>();
  for (const t of model.graph.initializers) {
    if (t.data instanceof Float32Array || t.data instanceof Float64Array) tensors.set(t.name, t.data);
  }
  return { file, model, layers: extractLayers(model), tensors };
}

export function analyzeSide(dir: string, options: AnalyzeOptions, hooks: AnalyzeHooks = {}): RunSide {
  const result = analyzeRun(dir, options, hooks);
  const checkpoints = result.summary.run.checkpoints;
  const first = readCheckpointModel(dir, checkpoints[0].file);
  const last = checkpoints.length > 1 ? readCheckpointModel(dir, checkpoints[checkpoints.length - 1].file) : first;
  return { dir, result, first, last };
}
