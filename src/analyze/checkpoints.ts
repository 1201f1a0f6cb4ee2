/**
 * A run = a directory of checkpoints of one format, listed in order by the format registry (src/formats,
 * docs/design.md sections 3 and 9): ONNX files, safetensors files or checkpoint directories, or a Hugging Face hub
 * cache. Ties are errors and gaps are warnings: the order is never guessed silently.
 */
import { listFormatRun } from '../formats/registry.js';
import type { RunListing } from '../formats/types.js';

export type { Checkpoint, RunListing } from '../formats/types.js';
export { lastInteger } from '../checkpoint/natural-order.js';

export function listRun(dir: string): RunListing {
  return listFormatRun(dir);
}
