/**
 * Nothing silently left out (docs/design.md section 4): every float tensor of more than one element is either part
 * of a layer or a layer of its own (`param`); `param` layers whose tensor never changes are buffers, listed but not
 * analyzed. `coverage` in summary.json states the count. BatchNorm running statistics are neither: they are not
 * parameters (`model.parameters()` leaves them out), so they are not analyzed and not counted.
 */
import type { CheckpointIndex } from '../checkpoint/types.js';
import type { Layer } from '../model/types.js';
import type { Coverage } from './types.js';

/**
 * A `param` layer for each float tensor of more than one element that no layer of the model stage claims (the
 * model stage claims them all; this keeps a tensor a rule missed from disappearing).
 */
export function unclaimedParamLayers(index: CheckpointIndex, layers: readonly Layer[], statistics: ReadonlySet<string>): Layer[] {
  const claimed = new Set(layers.flatMap((l) => l.tensors));
  // After every layer of the model stage: such a tensor has no reader to place it by.
  const after = layers.reduce((m, l) => Math.max(m, l.index), -1) + 1;
  const extra: Layer[] = [];
  for (const [name, entry] of index.tensors) {
    if (claimed.has(name) || statistics.has(name) || entry.elements <= 1) continue;
    const depth = layers.length + extra.length;
    extra.push({
      name,
      index: after + extra.length,
      depth,
      op: 'Tensor',
      primitive: 'param',
      weight: name,
      extras: [],
      tensors: [name],
      shape: [...entry.shape],
      params: entry.elements,
      paramsAll: entry.elements,
      structuralKey: `tensor:${name}`,
      block: null,
    });
  }
  return extra;
}

/** `param` layers whose only tensors are single-tensor candidates for buffers. */
export function bufferCandidates(layers: readonly Layer[]): string[] {
  return layers.filter((l) => l.primitive === 'param' && l.tensors.length === 1).map((l) => l.weight);
}

/** The coverage line's numbers: parameter tensors (changing, or in a layer), which are in layers, and the buffers. */
export function coverageOf(
  index: CheckpointIndex,
  layers: readonly Layer[],
  buffers: ReadonlySet<string>,
  statistics: ReadonlySet<string>,
): Coverage {
  const inLayers = new Set(layers.flatMap((l) => l.tensors).filter((n) => !buffers.has(n)));
  let [tensors, tensorsInLayers, elements, elementsInLayers] = [0, 0, 0, 0];
  const bufferList: Coverage['buffers'] = [];
  for (const [name, entry] of index.tensors) {
    if (buffers.has(name)) {
      bufferList.push({ name, shape: [...entry.shape] });
      continue;
    }
    if ((entry.elements <= 1 || statistics.has(name)) && !inLayers.has(name)) continue;
    tensors += 1;
    elements += entry.elements;
    if (inLayers.has(name)) {
      tensorsInLayers += 1;
      elementsInLayers += entry.elements;
    }
  }
  return { tensors, tensorsInLayers, elements, elementsInLayers, buffers: bufferList };
}
