/** Opens a checkpoint of any supported format as a CheckpointIndex (DESIGN.md sections 9 and 10). */
import { InputError } from '../errors.js';
import { indexOnnx } from './onnx.js';
import type { CheckpointIndex } from './types.js';

export function openCheckpoint(path: string): CheckpointIndex {
  if (/\.onnx$/i.test(path)) return indexOnnx(path);
  throw new InputError(`${path}: not a checkpoint weightscale reads (expected an .onnx file)`);
}
