/**
 * The reference checkpoint (the first) and matching later checkpoints to it, on tensor indexes: the layers come from
 * the reference's graph (or from tensor names for graph-less formats); a reference tensor is found in another
 * checkpoint by name, else (ONNX) by the structural key of its layer (docs/design.md section 3). Shapes must agree;
 * what matches nowhere is reported in `unmatched`. No weight data is read here.
 */
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import { DataType } from '../onnx/types.js';
import type { Layer } from '../model/types.js';
import { extractGraphLayers } from '../model/layers.js';
import { layersFromNames } from '../model/from-names.js';
import { openCheckpoint } from '../formats/open.js';
import type { CheckpointIndex, TensorEntry } from '../checkpoint/types.js';
import { normStatistics } from '../model/norm-statistics.js';
import { unclaimedParamLayers } from './coverage.js';

export interface Unmatched {
  tensor: string;
  file: string;
  reason: string;
}

export interface Reference {
  index: CheckpointIndex;
  layers: Layer[];
  /** The tensors of the layers, by name. */
  tensors: Map<string, TensorEntry>;
  /** BatchNorm running means and variances: not parameters, in no layer. */
  statistics: Set<string>;
}

/** Layers from the ONNX graph, or from tensor names and shapes for graph-less formats (docs/design.md section 9). */
export function layersOf(index: CheckpointIndex): Layer[] {
  return index.graph ? extractGraphLayers(index.graph) : layersFromNames(index);
}

/** The reference from its path, or from its index when listing built it (a remote checkpoint). */
export function loadReference(source: string | CheckpointIndex): Reference {
  const index = typeof source === 'string' ? openCheckpoint(source) : source;
  const statistics = normStatistics(index);
  const ruled = layersOf(index);
  const layers = [...ruled, ...unclaimedParamLayers(index, ruled, statistics)];
  const tensors = new Map<string, TensorEntry>();
  for (const layer of layers) {
    for (const name of layer.tensors) {
      const t = index.tensors.get(name);
      if (t) tensors.set(name, t);
    }
  }
  return { index, layers, tensors, statistics };
}

/**
 * The reference tensors' entries in `index`. A tensor missing under its name is looked up by its layer's structural
 * key and position among the layer's tensors; one found nowhere is left out and reported in `unmatched`.
 */
export function matchEntries(ref: Reference, index: CheckpointIndex, file: string, unmatched: Unmatched[]): Map<string, TensorEntry> {
  let byKey: Map<string, Layer> | null = null;
  const out = new Map<string, TensorEntry>();
  for (const layer of ref.layers) {
    layer.tensors.forEach((name, slot) => {
      const expected = ref.tensors.get(name);
      if (!expected) return;
      let found = index.tensors.get(name);
      if (!found && index.graph) {
        byKey ??= new Map(extractGraphLayers(index.graph).map((l) => [l.structuralKey, l]));
        const twinName = byKey.get(layer.structuralKey)?.tensors[slot];
        found = twinName !== undefined ? index.tensors.get(twinName) : undefined;
      }
      if (!found) {
        unmatched.push({ tensor: name, file, reason: `no tensor with this name${index.graph ? ' or structural key' : ''}` });
        return;
      }
      if (!sameShape(found.shape, expected.shape)) {
        throw new InputError(
          `${file}: tensor ${name} has shape [${found.shape.join(', ')}] but [${expected.shape.join(', ')}] in the first checkpoint; the architectures differ`,
        );
      }
      if ((found.dataType === DataType.DOUBLE) !== (expected.dataType === DataType.DOUBLE)) {
        throw new InputError(`${file}: tensor ${name} is stored as ${dtypeWord(found)} but as ${dtypeWord(expected)} in the first checkpoint`);
      }
      out.set(name, found);
    });
  }
  checkSameModel(ref, out, file);
  return out;
}

/**
 * One run, one model: a checkpoint in which most of the reference's layer weights pair with nothing is another
 * model (or the same network exported another way: an eval export folds BatchNorm, a training-mode one does not).
 */
function checkSameModel(ref: Reference, found: ReadonlyMap<string, TensorEntry>, file: string): void {
  const weights = ref.layers.filter((l) => l.primitive !== 'param' && ref.tensors.has(l.weight)).map((l) => l.weight);
  const missing = weights.filter((w) => !found.has(w)).length;
  if (weights.length > 0 && missing * 2 > weights.length) {
    throw new InputError(
      `${file}: ${missing} of ${weights.length} layer weights pair with nothing in the first checkpoint (${basename(ref.index.path)}); ` +
        'a run holds checkpoints of one model, exported one way (an eval export and a training-mode export differ)',
    );
  }
}

function dtypeWord(e: TensorEntry): string {
  return e.dataType === DataType.DOUBLE ? 'float64' : 'float32/16';
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
