/**
 * weightscale as a library. Each stage is importable on its own; this file gathers the entry points a script needs:
 * read checkpoints, analyze a run, write its report, diff two runs, build training artifacts and train.
 */
export { InputError } from './errors.js';
export { VERSION } from './version.js';
export { readModel, decodeModel, encodeModel, writeModelAtomic } from './onnx/index.js';
export type { Model, Graph, Node, Tensor, Attribute, ValueInfo, FloatData } from './onnx/types.js';
export { DataType } from './onnx/types.js';
export { indexSafetensorsCheckpoint, indexSafetensors, indexShardedCheckpoint } from './safetensors/index.js';
export { openCheckpoint } from './formats/open.js';
export { readTensor, TensorReader } from './checkpoint/read-tensor.js';
export type { CheckpointIndex, TensorEntry, TensorStorage } from './checkpoint/types.js';
export { extractLayers, matchLayers, topoOrder } from './model/index.js';
export { layersFromNames } from './model/from-names.js';
export type { Layer, Primitive } from './model/types.js';
export { analyzeRun, analyzeShard, type AnalyzeResult, type AnalyzeHooks, type AnalyzeFrom } from './analyze/analyze.js';
export { decodePassCache, encodePassCache, PASS_CACHE_FILE, type PassCache } from './analyze/pass-cache.js';
export { mergeParts, decodePart, encodePart, parseShard, type Part, type Shard } from './analyze/shards.js';
export { listRun, type Checkpoint, type RunListing } from './analyze/checkpoints.js';
export { DEFAULT_ANALYZE_OPTIONS } from './analyze/types.js';
export type { AnalyzeOptions, Summary, LayerSummary } from './analyze/types.js';
export type { ReportExtras } from './analyze/extras.js';
export type { ClusteringResult } from './cluster/types.js';
export { writeReport, renderReport } from './report/index.js';
export { diffRuns, writeDiff } from './diff/index.js';
export { zooModel, ZOO_NAMES } from './zoo/index.js';
export { buildArtifacts, writeArtifacts } from './artifacts/build.js';
export { train, type TrainOptions, type RunResult } from './train/train.js';
export type { ArtifactsContract, OptimizerConfig } from './artifacts/types.js';
