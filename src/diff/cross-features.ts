/**
 * Cross-run feature correlation: Pearson r between the output features (rows) of the penultimate paired layer in
 * A and in B at the last checkpoints, a best one-to-one matching of A's rows to B's on |r| (the same neuron may
 * sit at another row in the other run), and the mean |r| of the matched pairs. The matching is exact (Hungarian)
 * up to EXACT_MATCHING_MAX_ROWS features, and beyond while it fits a work budget; else greedy
 * (metrics/hungarian.ts `featureMatching`); `matchingMethod` says which.
 */
import { featureMatrix, penultimateLayer, type FeatureMatrix } from '../analyze/features.js';
import { crossCorrelation, featureMatching } from '../metrics/index.js';
import type { Layer } from '../model/types.js';
import type { PairedLayer } from './pair-layers.js';
import type { CheckpointModel } from './run-side.js';
import type { FeatureDiff } from './types.js';

export interface CrossFeatures {
  summary: FeatureDiff;
  /** rowsA x rowsB Pearson matrix, row-major, rows and columns in each run's own feature order. */
  matrix: Float64Array;
}

function featuresOf(layer: Layer, checkpoint: CheckpointModel): FeatureMatrix | null {
  const data = checkpoint.tensor(layer.weight);
  if (!data) return null;
  const node = checkpoint.graph?.nodes.find((n) => n.inputs.includes(layer.weight));
  return featureMatrix(layer, node, data);
}

/** The pair holding the penultimate weighted layer of A among the paired layers. */
export function penultimatePair(pairs: readonly PairedLayer[]): PairedLayer | null {
  const layer = penultimateLayer(pairs.map((p) => p.a.last));
  return layer ? pairs.find((p) => p.a.last === layer)! : null;
}

export async function crossFeatures(
  pairs: readonly PairedLayer[],
  a: CheckpointModel,
  b: CheckpointModel,
  warnings: string[],
  notes: string[],
): Promise<CrossFeatures | null> {
  const pair = penultimatePair(pairs);
  if (!pair) {
    notes.push('fewer than two paired weighted layers: no cross-run feature correlation');
    return null;
  }
  const ownPenultimate = penultimateLayer(a.layers);
  if (ownPenultimate && ownPenultimate !== pair.a.last) {
    warnings.push(
      `A's penultimate layer ${ownPenultimate.name} has no partner in B; feature correlation uses ${pair.a.last.name}, the penultimate paired layer`,
    );
  }
  const fa = featuresOf(pair.a.last, a);
  const fb = featuresOf(pair.b.last, b);
  const where = `layer ${pair.a.last.name} (A) / ${pair.b.last.name} (B)`;
  if (!fa || !fb) {
    warnings.push(`${where}: weights not found: no cross-run feature correlation`);
    return null;
  }
  if (fa.cols !== fb.cols || fa.rows < 2 || fb.rows < 2 || fa.cols < 2) {
    // Different widths are a difference between the runs; a layer too small to correlate is only a note.
    (fa.cols !== fb.cols ? warnings : notes).push(
      `${where}: features of ${fa.rows}x${fa.cols} and ${fb.rows}x${fb.cols} values cannot be correlated: no cross-run feature correlation`,
    );
    return null;
  }
  const matrix = await crossCorrelation(fa.data, fa.rows, fb.data, fb.rows, fa.cols);
  const { matching, method } = featureMatching(matrix, fa.rows, fb.rows);
  const matchedCorrelation = matching.map((j, i) => (j >= 0 ? matrix[i * fb.rows + j] : null));
  const matched = matchedCorrelation.filter((r): r is number => r !== null);
  const meanAbsMatched = matched.reduce((s, r) => s + Math.abs(r), 0) / matched.length;
  return {
    summary: {
      layerA: pair.a.last.name,
      layerB: pair.b.last.name,
      rowsA: fa.rows,
      rowsB: fb.rows,
      cols: fa.cols,
      matching,
      matchingMethod: method,
      matchedCorrelation,
      meanAbsMatched,
    },
    matrix,
  };
}
