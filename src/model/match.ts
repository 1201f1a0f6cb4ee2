import { InputError } from '../errors.js';
import type { Model } from '../onnx/types.js';
import type { Layer } from './types.js';

/** How a layer pair was found: same weight initializer name, or same structural key. */
export type MatchedBy = 'name' | 'structure';

export interface TensorPair {
  a: string;
  b: string;
}

export interface LayerPair {
  a: Layer;
  b: Layer;
  by: MatchedBy;
  /** weight with weight, then extras position by position. */
  tensors: TensorPair[];
}

export interface LayerMatch {
  /** In the order of `a`. */
  pairs: LayerPair[];
  unmatchedA: Layer[];
  unmatchedB: Layer[];
  /** Tensors of `a` in no pair: those of unmatched layers and extras without a counterpart. */
  unmatchedTensorsA: string[];
  unmatchedTensorsB: string[];
}

export interface MatchOptions {
  /** Shapes of every tensor (e.g. from initializerShapes); without them only weight shapes are checked. */
  shapesA?: ReadonlyMap<string, readonly number[]>;
  shapesB?: ReadonlyMap<string, readonly number[]>;
  /** What to call the two sides in error messages, e.g. file names. */
  labelA?: string;
  labelB?: string;
}

/**
 * PyTorch's exporter names folded or deduplicated tensors `onnx::<Op>_<N>` with N a tracing counter: the same N
 * can mean a different tensor in another export, so such names are no identity.
 */
export function isGeneratedName(name: string): boolean {
  return name.startsWith('onnx::');
}

export function initializerShapes(model: Model): Map<string, number[]> {
  return new Map(model.graph.initializers.map((t) => [t.name, t.dims] as const));
}

/**
 * Cross-checkpoint matching (docs/design.md section 3), in three rounds:
 * 1. equal weight initializer names that are not generated (`onnx::...`); a shape difference is an InputError;
 * 2. equal structural keys (topological position, op, input slot, shape) among the rest;
 * 3. equal generated names with equal shapes among the rest (different shapes: left unmatched, not an error).
 * Layers sharing one initializer are paired in order. Extras pair up by position within a layer pair; a paired
 * tensor whose shape differs is an InputError naming it.
 */
export function matchLayers(a: readonly Layer[], b: readonly Layer[], options: MatchOptions = {}): LayerMatch {
  const freeB = new Set(b);
  const pairOf = new Map<Layer, LayerPair>();
  const pair = (la: Layer, lb: Layer, by: MatchedBy): void => {
    freeB.delete(lb);
    pairOf.set(la, { a: la, b: lb, by, tensors: pairTensors(la, lb, options) });
  };

  const byName = groupBy(b, (l) => l.weight);
  for (const la of a) {
    if (isGeneratedName(la.weight)) continue;
    const lb = takeFirst(byName.get(la.weight), freeB);
    if (!lb) continue;
    checkShape(la.weight, la.shape, lb.weight, lb.shape, options);
    pair(la, lb, 'name');
  }
  const byKey = groupBy(b, (l) => l.structuralKey);
  for (const la of a) {
    if (pairOf.has(la)) continue;
    const lb = takeFirst(byKey.get(la.structuralKey), freeB);
    if (lb) pair(la, lb, 'structure');
  }
  for (const la of a) {
    if (pairOf.has(la) || !isGeneratedName(la.weight)) continue;
    const lb = takeFirst(byName.get(la.weight), freeB, (l) => sameShape(l.shape, la.shape));
    if (lb) pair(la, lb, 'name');
  }

  const pairs = a.filter((l) => pairOf.has(l)).map((l) => pairOf.get(l)!);
  return {
    pairs,
    unmatchedA: a.filter((l) => !pairOf.has(l)),
    unmatchedB: b.filter((l) => freeB.has(l)),
    unmatchedTensorsA: leftOver(a, pairs.flatMap((p) => p.tensors.map((t) => t.a))),
    unmatchedTensorsB: leftOver(b, pairs.flatMap((p) => p.tensors.map((t) => t.b))),
  };
}

function pairTensors(la: Layer, lb: Layer, options: MatchOptions): TensorPair[] {
  const pairs: TensorPair[] = [{ a: la.weight, b: lb.weight }];
  const count = Math.min(la.extras.length, lb.extras.length);
  for (let i = 0; i < count; i++) {
    const ta = la.extras[i]!;
    const tb = lb.extras[i]!;
    const shapeA = options.shapesA?.get(ta);
    const shapeB = options.shapesB?.get(tb);
    if (shapeA && shapeB) checkShape(ta, shapeA, tb, shapeB, options);
    pairs.push({ a: ta, b: tb });
  }
  return pairs;
}

function checkShape(
  nameA: string,
  shapeA: readonly number[],
  nameB: string,
  shapeB: readonly number[],
  options: MatchOptions,
): void {
  if (sameShape(shapeA, shapeB)) return;
  const where = (label: string | undefined, side: string): string => label ?? side;
  const names = nameA === nameB ? `tensor '${nameA}'` : `tensor '${nameA}' (matched with '${nameB}')`;
  throw new InputError(
    `${names} has shape [${shapeA.join(', ')}] in ${where(options.labelA, 'the first checkpoint')} but ` +
      `[${shapeB.join(', ')}] in ${where(options.labelB, 'the second')}: the architectures differ`,
  );
}

function sameShape(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((d, i) => d === y[i]);
}

function groupBy(layers: readonly Layer[], key: (l: Layer) => string): Map<string, Layer[]> {
  const groups = new Map<string, Layer[]>();
  for (const layer of layers) {
    const k = key(layer);
    const group = groups.get(k);
    if (group) group.push(layer);
    else groups.set(k, [layer]);
  }
  return groups;
}

function takeFirst(
  candidates: Layer[] | undefined,
  free: ReadonlySet<Layer>,
  accept: (l: Layer) => boolean = () => true,
): Layer | undefined {
  return candidates?.find((l) => free.has(l) && accept(l));
}

function leftOver(layers: readonly Layer[], paired: readonly string[]): string[] {
  const pairedSet = new Set(paired);
  const left = new Set<string>();
  for (const layer of layers) for (const t of layer.tensors) if (!pairedSet.has(t)) left.add(t);
  return [...left];
}
