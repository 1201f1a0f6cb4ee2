/**
 * Pairing the layers of two runs: `matchLayers` on the layers of each run's final checkpoint (same initializer
 * name, else same structural key), each final-checkpoint layer traced back to the analysed layer of its run
 * (`matchLayers` between the run's first and last checkpoint, as the analysis itself matches checkpoints).
 */
import type { LayerSummary } from '../analyze/types.js';
import { isGeneratedName, matchLayers, type MatchedBy } from '../model/match.js';
import type { Layer } from '../model/types.js';
import type { RunSide } from './run-side.js';
import type { UnpairedLayer } from './types.js';

/** One layer of one run in all the forms a diff needs. */
export interface SideLayer {
  last: Layer;
  first: Layer;
  summary: LayerSummary;
}

export interface PairedLayer {
  a: SideLayer;
  b: SideLayer;
  by: MatchedBy;
}

export interface Pairing {
  /** In A's depth order. */
  pairs: PairedLayer[];
  unpairedA: UnpairedLayer[];
  unpairedB: UnpairedLayer[];
}

function sameShape(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((d, i) => d === y[i]);
}

function unpaired(layer: Layer, reason: string): UnpairedLayer {
  return { name: layer.name, op: layer.op, primitive: layer.primitive, weight: layer.weight, shape: [...layer.shape], reason };
}

/** Final-checkpoint layer -> the analysed layer it continues (the layers of the run's first checkpoint). */
function traceToAnalysis(side: RunSide): Map<Layer, SideLayer> {
  const summaryByName = new Map(side.result.summary.layers.map((l) => [l.name, l]));
  const within = matchLayers(side.first.layers, side.last.layers, { labelA: side.first.file, labelB: side.last.file });
  const traced = new Map<Layer, SideLayer>();
  for (const p of within.pairs) {
    const summary = summaryByName.get(p.a.name);
    if (summary) traced.set(p.b, { last: p.b, first: p.a, summary });
  }
  return traced;
}

/**
 * Layers whose (non-generated) weight name exists on the other side with another shape: matchLayers treats
 * that as an error, a diff of two architectures leaves them unpaired instead.
 */
function shapeConflicts(mine: readonly Layer[], theirs: readonly Layer[]): Map<Layer, number[]> {
  const theirShape = new Map(theirs.map((l) => [l.weight, l.shape]));
  const conflicts = new Map<Layer, number[]>();
  for (const layer of mine) {
    const other = theirShape.get(layer.weight);
    if (!isGeneratedName(layer.weight) && other && !sameShape(other, layer.shape)) conflicts.set(layer, other);
  }
  return conflicts;
}

export function pairRuns(a: RunSide, b: RunSide): Pairing {
  const conflictsA = shapeConflicts(a.last.layers, b.last.layers);
  const conflictsB = shapeConflicts(b.last.layers, a.last.layers);
  const match = matchLayers(
    a.last.layers.filter((l) => !conflictsA.has(l)),
    b.last.layers.filter((l) => !conflictsB.has(l)),
    {
      shapesA: a.last.shapes,
      shapesB: b.last.shapes,
      labelA: `${a.dir}/${a.last.file}`,
      labelB: `${b.dir}/${b.last.file}`,
    },
  );
  const tracedA = traceToAnalysis(a);
  const tracedB = traceToAnalysis(b);
  const unpairedA: UnpairedLayer[] = [];
  const unpairedB: UnpairedLayer[] = [];
  const pairs: PairedLayer[] = [];
  for (const p of match.pairs) {
    const sa = tracedA.get(p.a);
    const sb = tracedB.get(p.b);
    if (sa && sb) {
      pairs.push({ a: sa, b: sb, by: p.by });
      continue;
    }
    if (!sa) unpairedA.push(unpaired(p.a, `not in A's first checkpoint ${a.first.file}, so not analysed`));
    else unpairedA.push(unpaired(p.a, `its partner ${p.b.name} in B is not analysed`));
    if (!sb) unpairedB.push(unpaired(p.b, `not in B's first checkpoint ${b.first.file}, so not analysed`));
    else unpairedB.push(unpaired(p.b, `its partner ${p.a.name} in A is not analysed`));
  }
  const noPartner = (side: string) => `no layer in ${side} with the same weight name or structural key`;
  const shapeDiffers = (shape: number[], side: string) => `same weight name, but shape [${shape.join(', ')}] in ${side}`;
  for (const [l, shape] of conflictsA) unpairedA.push(unpaired(l, shapeDiffers(shape, 'B')));
  for (const [l, shape] of conflictsB) unpairedB.push(unpaired(l, shapeDiffers(shape, 'A')));
  for (const l of match.unmatchedA) unpairedA.push(unpaired(l, noPartner('B')));
  for (const l of match.unmatchedB) unpairedB.push(unpaired(l, noPartner('A')));
  const byDepth = (side: readonly Layer[]) => (x: UnpairedLayer, y: UnpairedLayer) =>
    side.findIndex((l) => l.name === x.name) - side.findIndex((l) => l.name === y.name);
  unpairedA.sort(byDepth(a.last.layers));
  unpairedB.sort(byDepth(b.last.layers));
  return { pairs, unpairedA, unpairedB };
}
