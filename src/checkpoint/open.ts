/** Opens a checkpoint of any supported format as a CheckpointIndex (docs/design.md sections 9 and 10). */
import { InputError } from '../errors.js';
import { indexSafetensorsCheckpoint, isSafetensorsPath } from '../safetensors/index.js';
import { indexOnnx } from './onnx.js';
import type { CheckpointIndex } from './types.js';

/** An .onnx file, or a safetensors file, shard index or checkpoint directory. */
export function openCheckpoint(path: string): CheckpointIndex {
  if (/\.onnx$/i.test(path)) return indexOnnx(path);
  if (isSafetensorsPath(path)) return indexSafetensorsCheckpoint(path);
  throw new InputError(`${path}: not a checkpoint weightscale reads (an .onnx file, a .safetensors file or shard index, or a directory holding one)`);
}
