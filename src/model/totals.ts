import { PRIMITIVES } from './types.js';
import type { Layer, Primitive } from './types.js';

export interface PrimitiveTotal {
  primitive: Primitive;
  /** Number of layers of this primitive. */
  layers: number;
  /** Weight elements of those layers. */
  params: number;
  /** Weight plus bias / norm shift elements. */
  paramsAll: number;
}

/** Per-primitive layer and parameter counts, in PRIMITIVES order, only primitives that occur. */
export function primitiveTotals(layers: readonly Layer[]): PrimitiveTotal[] {
  const totals: PrimitiveTotal[] = [];
  for (const primitive of PRIMITIVES) {
    const members = layers.filter((l) => l.primitive === primitive);
    if (members.length === 0) continue;
    totals.push({
      primitive,
      layers: members.length,
      params: members.reduce((sum, l) => sum + l.params, 0),
      paramsAll: members.reduce((sum, l) => sum + l.paramsAll, 0),
    });
  }
  return totals;
}
