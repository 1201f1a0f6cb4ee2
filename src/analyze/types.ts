/**
 * The result of `analyze`: the `summary.json` contract of docs/design.md section 6, as TypeScript.
 * Keys may be added; none may change meaning. The report stage renders exactly this object.
 */
import type { ClippingSummary } from '../cluster/outliers.js';
import type { Layer, Primitive } from '../model/types.js';
import type { TrainingHistory } from './training-history.js';
import type { ClusteringResult, ClusterSpace, OutlierAxis } from '../cluster/types.js';

/** The clustering shapes are the clustering stage's own; re-exported here because summary.json carries them. */
export type { ClusteringResult, ClusterInfo, ClusterSpace, OutlierAxis } from '../cluster/types.js';

export type RwcMethod = 'l1-ratio' | 'mean-relative';
export type ParamsMode = 'weight' | 'all';
export type SplitBy = 'primitive' | 'none';
export type OutputFormat = 'png' | 'html' | 'json' | 'csv';

export interface AnalyzeOptions {
  rwc: RwcMethod;
  params: ParamsMode;
  outliers: OutlierAxis;
  sigma: number;
  clusterSpace: ClusterSpace;
  /** 'auto' or a fixed k. */
  k: 'auto' | number;
  kMax: number;
  splitBy: SplitBy;
  /** Distance between every k-th checkpoint; null = default (5, or T-1 if fewer). */
  every: number | null;
  seed: number;
  excludeEnds: boolean;
  formats: OutputFormat[];
  /** Threads of the streaming pass and of the onnxruntime matrix products; null = every core. Never changes the results. */
  threads: number | null;
  /** Working-set budget of the pass in MB; null = the default (512). */
  budgetMB: number | null;
  /** `--layer NAME`: the layer the features stage analyses instead of the penultimate one; null = the default. */
  featureLayer: string | null;
}

export const DEFAULT_ANALYZE_OPTIONS: AnalyzeOptions = {
  rwc: 'l1-ratio',
  params: 'weight',
  outliers: 'row',
  sigma: 2,
  clusterSpace: 'pca',
  k: 'auto',
  kMax: 12,
  splitBy: 'primitive',
  every: null,
  seed: 0,
  excludeEnds: false,
  formats: ['png', 'html', 'json', 'csv'],
  threads: null,
  budgetMB: null,
  featureLayer: null,
};

/**
 * Keys are the tolerances as summary.json spells them (CHANGE_TOLERANCE_KEYS). Values are null when the first or last
 * checkpoint holds NaN/Inf (or misses the tensor).
 */
export type ChangedFraction = Record<string, number | null>;
export const CHANGE_TOLERANCES: readonly number[] = [0, 1e-8, 1e-6, 1e-4, 1e-2];
export const CHANGE_TOLERANCE_KEYS: readonly string[] = ['0', '1e-8', '1e-6', '0.0001', '0.01'];

/** What a run's checkpoints are numbered by: epochs (weightscale's trainer, epoch-NNN files) or training steps. */
export type RunUnit = 'epoch' | 'step';

/** One checkpoint: `epoch` in an epoch-numbered run, `step` in a step-numbered one (run.unit says which). */
export interface CheckpointInfo {
  file: string;
  epoch?: number;
  step?: number;
  bytes: number;
}

/** The checkpoint's number in its run's unit. */
export function checkpointNumber(c: CheckpointInfo): number {
  return c.step ?? c.epoch ?? 0;
}

/** What was analyzed (docs/design.md section 4): every changing float tensor with more than one element. */
export interface Coverage {
  /** Parameter tensors: float tensors of more than one element that change, or belong to a layer. */
  tensors: number;
  tensorsInLayers: number;
  elements: number;
  elementsInLayers: number;
  /** Tensors that never change and belong to no layer (rotary tables, masks, folded constants): not clustered. */
  buffers: { name: string; shape: number[] }[];
}

/** The fields of a model layer that summary.json repeats for each row (JSON key order: these first). */
export const LAYER_FIELDS = ['name', 'index', 'depth', 'op', 'primitive', 'weight', 'tensors', 'shape', 'params'] as const;

/** One row of summary.json `layers`: the layer's own fields (model/types.ts `Layer`), then what analyze measured. */
export interface LayerSummary extends Pick<Layer, (typeof LAYER_FIELDS)[number]>, Pick<Layer, 'block' | 'tiedWith'> {
  /** Length = checkpoints - 1; null where the denominator was zero. */
  rwc: (number | null)[];
  rwcClipped: (number | null)[];
  /** Cluster id in the whole-network clustering; null when the layer was excluded (--exclude-ends). */
  cluster: number | null;
  /** Cluster id within the layer's primitive group, when that group was clustered. */
  primitiveCluster?: number | null;
  pca: [number, number] | null;
  changedFraction: ChangedFraction;
  /** Cosine similarity of the final weight to the initial weight. null for all-zero or non-finite vectors. */
  cosineToInit: number | null;
  /** L2 distance of the weight from its initial value, per checkpoint (length = checkpoints); null where non-finite. */
  distanceFromInit: (number | null)[];
  /** A q/k/v part row (`<layer>[q]`): the fused layer it is part of. Part rows are left out of the whole-network clustering. */
  partOf?: string;
}

export interface Dynamics {
  changedFraction: ChangedFraction;
  /** Per primitive, same keys as changedFraction. */
  changedFractionByPrimitive: Partial<Record<Primitive, ChangedFraction>>;
  /** Over all layers; null at checkpoints where a layer is missing or holds NaN/Inf. */
  distanceFromInit: { l2: (number | null)[]; l1: (number | null)[] };
  every: { k: number; from: number[]; to: number[]; l2: (number | null)[]; l1: (number | null)[] };
}

export interface FeatureCorrelation {
  layer: string;
  meanAbsCorrelation: number;
  /** Rows x rows Pearson matrix, row-major, rows in display (cluster) order; omitted from JSON when large. */
  order?: number[];
}

export interface BandingSummary {
  layer: string;
  /** Share of the spatial variance of |w| across rows (0.5: no direction, 1: horizontal bands, 0: vertical). */
  score: number;
  /** Frobenius error of the 3-factor NMF. */
  reconstructionError: number;
  neuronsShown: number;
}

export interface Summary {
  schema: 'weightscale.summary/1';
  tool: { name: 'weightscale'; version: string };
  run: { dir: string; unit: RunUnit; checkpoints: CheckpointInfo[] };
  /** The analysis options, with `every` resolved to the value used (formats are not recorded). */
  options: Omit<AnalyzeOptions, 'formats' | 'every' | 'threads' | 'budgetMB'> & { every: number };
  layers: LayerSummary[];
  clustering: {
    all: ClusteringResult | null;
    byPrimitive: Partial<Record<Primitive, ClusteringResult>>;
  };
  dynamics: Dynamics;
  /** What outlier clipping replaced (positions: where `layers[].rwc` and `rwcClipped` differ). */
  clipping: ClippingSummary;
  /** Per-epoch train/test loss and accuracy from the run directory's run.json (weightscale's trainer); null without one. */
  training: TrainingHistory | null;
  features: FeatureCorrelation | null;
  /** Weight banding of the last conv layer before a global pooling; null when the model has none (or 1x1). */
  banding: BandingSummary | null;
  /** Tensors present in some checkpoints but not matched in others, with where they were missing. */
  unmatched: { tensor: string; file: string; reason: string }[];
  coverage: Coverage;
  /** Findings that change how to read the numbers (BatchNorm-folded convs, undefined RWC, ...). */
  warnings: string[];
  /** What does not apply to this run (no conv layer: no filter image, ...): shown apart from warnings. */
  notes: string[];
  charts: string[];
}
