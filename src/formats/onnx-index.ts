/**
 * ONNX file -> CheckpointIndex. The structure is read with the weights left on disk (onnx/read.ts readModelDeferred);
 * every float initializer, and every float tensor held by a Constant node (named after the Constant's output,
 * docs/design.md section 3), becomes an index entry. The model file may be a symlink (a run's files, the hub
 * cache's blobs): its entries point at the resolved file, which the reader opens without following links.
 */
import { realpathSync } from 'node:fs';
import { readModelDeferred } from '../onnx/read.js';
import { FLOAT_DTYPES, type FloatData, type Model, type Tensor } from '../onnx/types.js';
import { elementCount } from '../util/element-count.js';
import type { CheckpointIndex, TensorEntry, WeightDataType } from '../checkpoint/types.js';

export function indexOnnx(path: string): CheckpointIndex {
  const model = readModelDeferred(path, { includeNonFloat: false });
  const tensors = weightEntries(model);
  const real = realpathSync(path);
  if (real !== path) {
    for (const e of tensors.values()) if (e.storage.kind === 'file' && e.storage.path === path) e.storage = { ...e.storage, path: real };
  }
  return { path, format: 'onnx', tensors, metadata: model.metadata, graph: model.graph };
}

function weightEntries(model: Model): Map<string, TensorEntry> {
  const tensors = new Map<string, TensorEntry>();
  const add = (t: Tensor, name: string) => {
    if (!FLOAT_DTYPES.has(t.dataType) || tensors.has(name)) return;
    tensors.set(name, {
      name,
      dataType: t.dataType as WeightDataType,
      shape: [...t.dims],
      elements: elementCount(t.dims),
      storage: t.range ? { kind: 'file', ...t.range } : { kind: 'memory', data: t.data as FloatData },
    });
  };
  for (const t of model.graph.initializers) add(t, t.name);
  for (const node of model.graph.nodes) {
    const value = node.attributes['value'];
    if (node.opType === 'Constant' && value?.type === 'tensor' && node.outputs[0]) add(value.value, node.outputs[0]);
  }
  return tensors;
}
