/** safetensors: header validation, tensor index of files, shards and checkpoint directories, run listing, reading. */
export { MAX_HEADER_BYTES, parseHeader, checkHeaderLength } from './header.js';
export type { HeaderTensor, SafetensorsHeader } from './header.js';
export { indexSafetensors } from './file-index.js';
export { indexShardedCheckpoint, SHARD_INDEX_NAME } from './sharded.js';
export { indexSafetensorsCheckpoint, isSafetensorsPath, checkpointLayout } from './checkpoint.js';
export type { CheckpointLayout } from './checkpoint.js';
export { listSafetensorsRun, hasSafetensorsCheckpoints } from './run.js';
export type { SafetensorsCheckpoint, SafetensorsRunListing } from './run.js';
