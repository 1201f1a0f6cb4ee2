/** Opens a checkpoint of any registered format as a CheckpointIndex (docs/design.md sections 9 and 10). */
import type { CheckpointIndex } from '../checkpoint/types.js';
import { openFormatCheckpoint } from './registry.js';

/** An .onnx file; a safetensors file, shard index or checkpoint directory; a hub cache ref or snapshot. */
export function openCheckpoint(path: string): CheckpointIndex {
  return openFormatCheckpoint(path);
}
