/**
 * What the summary's warnings say about the whole-network clustering when it is not what the options asked for:
 * a fixed --k capped (at the number of layers, or because fewer distinct curves exist), and a run with a single
 * transition, whose one-value curves can only rank layers.
 */
import type { ClusteringResult } from '../cluster/types.js';

export function clusteringWarnings(requestedK: 'auto' | number, all: ClusteringResult | null, transitions: number): string[] {
  const warnings: string[] = [];
  if (transitions === 1) {
    warnings.push('one transition (two checkpoints): each RWC curve is a single value, so the clustering only ranks layers by how much they changed');
  }
  if (all !== null && requestedK !== 'auto' && all.k < requestedK) {
    const layers = all.layers.length;
    const reasons: string[] = [];
    if (requestedK > layers) reasons.push(`there are only ${layers} clustered layers`);
    if (all.k < Math.min(requestedK, layers)) reasons.push(`their curves form only ${all.k} distinct groups`);
    warnings.push(`--k ${requestedK} capped at k = ${all.k}: ${reasons.join(', and ')}`);
  }
  return warnings;
}
