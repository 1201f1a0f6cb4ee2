/**
 * The result of `diff`: the `diff.json` contract (schema "weightscale.diff/1"), as TypeScript.
 * Keys may be added; none may change meaning.
 */
import type { MatchedBy } from '../model/match.js';
import type { Primitive } from '../model/types.js';
import type { AnalyzeOptions, ParamsMode, RunUnit } from '../analyze/types.js';

export type Side = 'a' | 'b';

export interface DiffRun {
  dir: string;
  /** Number of checkpoints in the run (all of them, not only the compared prefix). */
  checkpoints: number;
  /** Number (epoch or step, as `unit` says) of each checkpoint, in run order. */
  epochs: number[];
  /** What the checkpoints are numbered by. */
  unit: RunUnit;
  /** File names of the first and the last checkpoint (the ones the norms and features are computed on). */
  firstFile: string;
  lastFile: string;
  /** Relative link to this run's own report page inside the diff directory, or null when none was written. */
  report: string | null;
}

/** L2 norms of the paired tensors of A and B at one checkpoint, and the L2 norm of their difference. */
export interface NormTriple {
  a: number;
  b: number;
  /** ||theta_A - theta_B||_2 */
  distance: number;
}

export interface DiffLayer {
  /** Layer names in A and in B (node names; equal when the architectures are). */
  a: string;
  b: string;
  /** How the layers were paired (matchLayers on the final checkpoints): same initializer name or structural key. */
  matchedBy: MatchedBy;
  /** Primitive of the layer in A, and in B (equal unless the graphs around the layer differ). */
  primitive: Primitive;
  primitiveB: Primitive;
  depthA: number;
  depthB: number;
  /** RWC series over the compared transitions (the common prefix): raw and outlier-clipped, each run its own. */
  rwcA: (number | null)[];
  rwcB: (number | null)[];
  rwcClippedA: (number | null)[];
  rwcClippedB: (number | null)[];
  /** sum_t |a_t - b_t| of the clipped series over the transitions where both are defined; null when none is. */
  l1Gap: number | null;
  /** The same on the raw series. */
  l1GapRaw: number | null;
  /** Pearson correlation of the two clipped series; null when fewer than 2 common values or either is constant. */
  correlation: number | null;
  correlationRaw: number | null;
  /** Whole-network cluster id of the layer in each run (null when the layer was not clustered). */
  clusterA: number | null;
  clusterB: number | null;
  /** Norms of this layer's paired tensors at the first and the last checkpoints. */
  norms: { first: NormTriple; last: NormTriple };
}

export interface UnpairedLayer {
  name: string;
  op: string;
  primitive: Primitive;
  weight: string;
  shape: number[];
  reason: string;
}

export interface FeatureDiff {
  /** The penultimate weighted layer among the paired ones, in A and its partner in B. */
  layerA: string;
  layerB: string;
  /** Output features (rows) of each side and the length of each row. */
  rowsA: number;
  rowsB: number;
  cols: number;
  /** matching[i] = row of B matched to row i of A (best one-to-one matching on |r|), -1 when unmatched. */
  matching: number[];
  /**
   * 'hungarian' (exact: always up to 2048 features per side, beyond when it fits a work budget, as for related runs),
   * 'greedy' otherwise (at least half the optimal total |r|).
   */
  matchingMethod: 'hungarian' | 'greedy';
  /** Pearson r of each matched pair (row i of A with row matching[i] of B); null for unmatched rows. */
  matchedCorrelation: (number | null)[];
  /** Mean |r| over the matched pairs. */
  meanAbsMatched: number;
}

export interface Diff {
  schema: 'weightscale.diff/1';
  tool: { name: 'weightscale'; version: string };
  runs: { a: DiffRun; b: DiffRun };
  /** The analysis options both runs were analysed with (`every: null` = each run's default). */
  options: Omit<AnalyzeOptions, 'formats'>;
  /** Checkpoints compared: the common prefix, min(checkpoints A, checkpoints B). */
  epochsCompared: number;
  /** RWC transitions compared: epochsCompared - 1. */
  transitionsCompared: number;
  /** Label of each compared transition: "0→1" when both runs have the same epochs there, else its ordinal. */
  transitions: string[];
  /** Paired layers, in A's depth order. */
  layers: DiffLayer[];
  /** Adjusted Rand index of the whole-network clusterings over the paired layers clustered in both runs. */
  clusterAgreement: number | null;
  /** How many paired layers entered the ARI. */
  clusterAgreementLayers: number;
  /** Norms over all paired tensors (`params` says which: the weight, or weight + bias + norm shift). */
  norms: { params: ParamsMode; first: NormTriple; last: NormTriple };
  /** Cross-run correlation of the penultimate layer's features at the last checkpoints; null when not computable. */
  features: FeatureDiff | null;
  unpaired: { a: UnpairedLayer[]; b: UnpairedLayer[] };
  /** Findings that change how to read the comparison. */
  warnings: string[];
  /** What does not apply (no cross-run feature correlation for lack of layers, the runs' own notes): shown apart. */
  notes: string[];
  /** PNG charts of the diff page (not those of the two runs' own reports). */
  charts: string[];
}
