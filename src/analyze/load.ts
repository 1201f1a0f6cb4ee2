/**
 * Loading one checkpoint for the pass: read it, find each reference tensor in it (by initializer name, else by the
 * structural key of its layer, DESIGN.md section 3), check shapes, and report what did not match.
 */
import type { FloatData, Model, Tensor } from '../onnx/types.js';
import type { Layer } from '../model/types.js';
import { InputError } from '../errors.js';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readModel } from '../onnx/read.js';
import { decodeModel } from '../onnx/decode.js';
import { extractLayers } from '../model/layers.js';
import type { CheckpointTensors } from './pass.js';

export interface Unmatched {
  tensor: string;
  file: string;
  reason: string;
}

export interface Reference {
  model: Model;
  layers: Layer[];
  /** The tensors the analysis uses, by name, with their shapes. */
  tensors: Map<string, Tensor>;
}

export function loadReference(path: string): Reference {
  const model = readModel(path, { includeNonFloat: false });
  const layers = extractLayers(model);
  const byName = new Map(model.graph.initializers.map((t) => [t.name, t]));
  const tensors = new Map<string, Tensor>();
  for (const layer of layers) {
    for (const name of layer.tensors) {
      const t = byName.get(name);
      if (t) tensors.set(name, t);
    }
  }
  return { model, layers, tensors };
}

export function referenceTensors(ref: Reference): CheckpointTensors {
  return new Map([...ref.tensors].map(([name, t]) => [name, t.data as FloatData]));
}

/**
 * The reference tensors found in `model`. A tensor missing under its name is looked up by its layer's structural
 * key and position among the layer's tensors; one found nowhere is left out of the result and reported in
 * `unmatched` (the pass then gives its layer null at the transitions that need it).
 */
export function matchCheckpoint(
  ref: Reference,
  model: Model,
  file: string,
  unmatched: Unmatched[],
): CheckpointTensors {
  const byName = new Map(model.graph.initializers.map((t) => [t.name, t]));
  let byKey: Map<string, Layer> | null = null;
  const out = new Map<string, FloatData>();
  for (const layer of ref.layers) {
    layer.tensors.forEach((name, slot) => {
      const expected = ref.tensors.get(name);
      if (!expected) return;
      let found = byName.get(name);
      if (!found) {
        byKey ??= new Map(extractLayers(model).map((l) => [l.structuralKey, l]));
        const twin = byKey.get(layer.structuralKey);
        const twinName = twin?.tensors[slot];
        found = twinName !== undefined ? byName.get(twinName) : undefined;
      }
      if (!found) {
        unmatched.push({ tensor: name, file, reason: 'no initializer with this name or structural key' });
        return;
      }
      if (!sameShape(found.dims, expected.dims)) {
        throw new InputError(
          `${file}: tensor ${name} has shape [${found.dims.join(', ')}] but [${expected.dims.join(', ')}] in the first checkpoint; the architectures differ`,
        );
      }
      out.set(name, found.data as FloatData);
    });
  }
  return out;
}

/** Which file buffer a loaded checkpoint's tensors are views on, so the buffer can be reused once it is evicted. */
const fileBuffers = new WeakMap<CheckpointTensors, Buffer>();

/**
 * Reads and matches one checkpoint. With `recycle`, the file is read into that checkpoint's buffer when it is large
 * enough (its tensors are views on it and must no longer be used), so streaming a run allocates no new memory per
 * checkpoint and peak RSS does not depend on when the garbage collector runs.
 */
export function loadCheckpoint(
  ref: Reference,
  path: string,
  file: string,
  unmatched: Unmatched[],
  recycle?: CheckpointTensors,
): CheckpointTensors {
  const scratch = recycle ? fileBuffers.get(recycle) : undefined;
  const { buffer, bytes } = readFileInto(path, scratch);
  const model = decodeModel(bytes, { source: path, baseDir: dirname(resolve(path)), includeNonFloat: false });
  const tensors = matchCheckpoint(ref, model, file, unmatched);
  fileBuffers.set(tensors, buffer);
  return tensors;
}

function readFileInto(path: string, scratch: Buffer | undefined): { buffer: Buffer; bytes: Buffer } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (e as Error).message})`}`);
  }
  try {
    const size = fstatSync(fd).size;
    const buffer = scratch && scratch.length >= size ? scratch : Buffer.allocUnsafeSlow(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, buffer, done, size - done, done);
      if (n === 0) throw new InputError(`${path}: file shrank while being read`);
      done += n;
    }
    return { buffer, bytes: buffer.subarray(0, size) };
  } finally {
    closeSync(fd);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
