/**
 * Files of a training run (docs/design.md section 3): `epoch-NNN.onnx`, the inference model with the weights after epoch
 * NNN (000: initial weights) and metadata `weightscale.epoch`, `weightscale.step`, `weightscale.run`; and beside
 * it `epoch-NNN.state`, the optimizer state at that point (an ONNX ModelProto with an empty graph whose initializers
 * are the state tensors, same metadata), which --resume needs. The state file deliberately does not end in `.onnx`:
 * every `*.onnx` in a run directory is a checkpoint to `analyze`. Both are written atomically.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { META_EPOCH, META_RUN, META_STEP } from '../contract.js';
import { InputError } from '../errors.js';
import { writeModelAtomic } from '../onnx/encode.js';
import { readModel } from '../onnx/read.js';
import { DataType, type Model, type Tensor } from '../onnx/types.js';

const META_KIND = 'weightscale.kind';

export interface CheckpointMeta {
  epoch: number;
  step: number;
  runId: string;
}

export function checkpointFileName(epoch: number): string {
  return `epoch-${String(epoch).padStart(3, '0')}.onnx`;
}

export function stateFileName(epoch: number): string {
  return `epoch-${String(epoch).padStart(3, '0')}.state`;
}

function metadata(base: Record<string, string>, meta: CheckpointMeta): Record<string, string> {
  return { ...base, [META_EPOCH]: String(meta.epoch), [META_STEP]: String(meta.step), [META_RUN]: meta.runId };
}

function floatInitializer(name: string, dims: readonly number[], data: Float32Array): Tensor {
  return { name, dataType: DataType.FLOAT, dims: [...dims], data };
}

/**
 * The inference model `template` with the current values as initializers (no copy: the arrays are referenced) and
 * the run metadata set. Initializers of `template` named in `values` are replaced, values it lacks are added as new
 * initializers (artifact inference models may take the weights as graph inputs), and graph inputs that now have an
 * initializer are dropped, so the checkpoint is a self-contained inference model. `template` is not modified.
 */
export function checkpointModel(
  template: Model,
  values: ReadonlyMap<string, Float32Array>,
  shapes: ReadonlyMap<string, readonly number[]>,
  meta: CheckpointMeta,
): Model {
  const present = new Set(template.graph.initializers.map((t) => t.name));
  const initializers = template.graph.initializers.map((t) => {
    const v = values.get(t.name);
    return v === undefined ? t : floatInitializer(t.name, t.dims, v);
  });
  for (const [name, v] of values) {
    if (present.has(name)) continue;
    const dims = shapes.get(name);
    if (dims === undefined) throw new Error(`checkpoint: no shape known for '${name}'`);
    initializers.push(floatInitializer(name, dims, v));
  }
  const inputs = template.graph.inputs.filter((i) => !values.has(i.name));
  return { ...template, metadata: metadata(template.metadata, meta), graph: { ...template.graph, inputs, initializers } };
}

export function writeCheckpoint(
  dir: string,
  template: Model,
  values: ReadonlyMap<string, Float32Array>,
  shapes: ReadonlyMap<string, readonly number[]>,
  meta: CheckpointMeta,
): string {
  const file = join(dir, checkpointFileName(meta.epoch));
  writeModelAtomic(file, checkpointModel(template, values, shapes, meta));
  return file;
}

export interface StateTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export function writeOptimizerState(dir: string, state: readonly StateTensor[], meta: CheckpointMeta): string {
  const file = join(dir, stateFileName(meta.epoch));
  const model: Model = {
    irVersion: 8,
    producerName: 'weightscale',
    producerVersion: '',
    opsetImports: [{ domain: '', version: 17 }],
    metadata: { ...metadata({}, meta), [META_KIND]: 'optimizer-state' },
    graph: {
      name: 'optimizer_state',
      nodes: [],
      inputs: [],
      outputs: [],
      initializers: state.map((s) => ({ name: s.name, dataType: DataType.FLOAT, dims: [...s.shape], data: s.data })),
      valueInfo: [],
    },
  };
  writeModelAtomic(file, model);
  return file;
}

/** Reads the run metadata of a checkpoint or state model; InputError when it is missing or malformed. */
export function checkpointMeta(model: Model, file: string): CheckpointMeta {
  const epoch = Number(model.metadata[META_EPOCH]);
  const step = Number(model.metadata[META_STEP]);
  const runId = model.metadata[META_RUN];
  if (!Number.isInteger(epoch) || !Number.isInteger(step) || runId === undefined) {
    throw new InputError(`${file}: missing or malformed ${META_EPOCH} / ${META_STEP} / ${META_RUN} metadata`);
  }
  return { epoch, step, runId };
}

export interface LoadedCheckpoint {
  meta: CheckpointMeta;
  values: Map<string, Float32Array>;
}

/** Float initializers of an ONNX file by name, as Float32Array (float64/float16 converted). */
export function floatInitializers(model: Model): Map<string, { dims: number[]; data: Float32Array }> {
  const out = new Map<string, { dims: number[]; data: Float32Array }>();
  for (const t of model.graph.initializers) {
    if (t.data instanceof Float32Array) out.set(t.name, { dims: t.dims, data: t.data });
    else if (t.data instanceof Float64Array) out.set(t.name, { dims: t.dims, data: Float32Array.from(t.data) });
  }
  return out;
}

/** Reads `epoch-NNN.onnx` or `epoch-NNN.state` of `dir`; undefined when the file does not exist. */
export function readRunFile(dir: string, file: string): LoadedCheckpoint | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  const model = readModel(path);
  const values = new Map<string, Float32Array>();
  for (const [name, t] of floatInitializers(model)) values.set(name, t.data);
  return { meta: checkpointMeta(model, path), values };
}
