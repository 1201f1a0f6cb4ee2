/** The safetensors format (src/safetensors): files, shard indexes and checkpoint directories; runs of them. */
import { statSync } from 'node:fs';
import { indexSafetensorsCheckpoint } from '../safetensors/checkpoint.js';
import { listSafetensorsRun, safetensorsDirKind } from '../safetensors/run.js';
import type { Format } from './types.js';

export const safetensorsFormat: Format = {
  name: 'safetensors',
  match(path) {
    let dir: boolean;
    try {
      dir = statSync(path).isDirectory();
    } catch {
      return null;
    }
    if (!dir) return path.endsWith('.safetensors') || path.endsWith('.safetensors.index.json') ? 'checkpoint' : null;
    return safetensorsDirKind(path);
  },
  list: listSafetensorsRun,
  open: (path) => indexSafetensorsCheckpoint(path),
};
