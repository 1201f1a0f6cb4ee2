/** Slices of a Summary in the shapes the chart renderers take. Pure functions. */
import { checkpointNumber, type ClusteringResult, type LayerSummary, type RunUnit, type Summary } from '../analyze/types.js';
import { replacedMask } from '../cluster/outliers.js';

/** Layers sorted by depth (then index), without mutating the summary. */
export function layersInDepthOrder(summary: Summary): LayerSummary[] {
  return [...summary.layers].sort((a, b) => a.depth - b.depth || a.index - b.index);
}

/** Number of RWC transitions (checkpoints - 1), from the layers' series (the longest one). */
export function transitionCount(summary: Summary): number {
  let n = 0;
  for (const layer of summary.layers) n = Math.max(n, layer.rwc.length);
  return n;
}

/** What the run's checkpoints are numbered by (summaries written before steps existed: epochs). */
export function runUnit(summary: Pick<Summary, 'run'>): RunUnit {
  return summary.run.unit === 'step' ? 'step' : 'epoch';
}

/** The one title of every axis of RWC transitions: "epoch transition (earlier→later checkpoint)", or "step transition ...". */
export function transitionAxisTitle(unit: RunUnit): string {
  return `${unit} transition (earlier→later checkpoint)`;
}

/** "transition 500→1000" with the run's unit for a reader: "epoch transition 3→4" or "step transition 500→1000". */
export function transitionPhrase(unit: RunUnit, label: string): string {
  return `${unit} transition ${label}`;
}

/** Checkpoint numbers (epochs or steps) when they fit the RWC series (one more than transitions), else null. */
function checkpointEpochs(summary: Summary): number[] | null {
  const epochs = summary.run.checkpoints.map(checkpointNumber);
  return epochs.length === transitionCount(summary) + 1 ? epochs : null;
}

/** Label of transition t = 1..T-1: "3→4" (epochs or steps of the two checkpoints), or "t" when they are unknown. */
export function transitionLabels(summary: Summary): string[] {
  const epochs = checkpointEpochs(summary);
  return Array.from({ length: transitionCount(summary) }, (_, i) =>
    epochs ? `${epochs[i]}→${epochs[i + 1]}` : String(i + 1),
  );
}

/**
 * Column names of the RWC CSV: `epoch_<epoch of the later checkpoint>` (`step_<step>` in a step-numbered run), or
 * `<unit>_<t>` when the numbers are unknown or not distinct.
 */
export function transitionColumnNames(summary: Summary): string[] {
  const epochs = checkpointEpochs(summary);
  const later = epochs ? epochs.slice(1) : null;
  const distinct = later !== null && new Set(later).size === later.length;
  return Array.from({ length: transitionCount(summary) }, (_, i) => `${runUnit(summary)}_${distinct ? later[i] : i + 1}`);
}

/** "cluster 0 (12 layers)". */
export function clusterLabel(id: number, size: number): string {
  return `cluster ${id} (${size} layer${size === 1 ? '' : 's'})`;
}

export interface ClusteredSeries {
  name: string;
  /** The raw RWC series (what is plotted). */
  values: (number | null)[];
  /** Cluster id, or null for layers outside the clustering (excluded). */
  cluster: number | null;
  /** Per transition: the value outlier clipping put in its place (what the clustering used), or null where it kept the raw value. */
  clipped?: (number | null)[];
}

/** Per transition, the clipped value where clipping replaced the raw one, else null. */
export function clippedMarks(layer: Pick<LayerSummary, 'rwc' | 'rwcClipped'>): (number | null)[] {
  const mask = replacedMask([layer.rwc], [layer.rwcClipped])[0];
  return mask.map((hit, t) => (hit ? layer.rwcClipped[t] : null));
}

/**
 * The raw RWC series of each of `members` (a group's layers, depth order) with its cluster label in `clustering`
 * (computed on the clipped matrix) and the clipped value where clipping replaced one; members the clustering left
 * out (excluded ends) get cluster null.
 */
export function clusteredRwcSeries(
  clustering: ClusteringResult,
  members: readonly LayerSummary[],
): ClusteredSeries[] {
  const labelOf = new Map<string, number>();
  clustering.layers.forEach((name, i) => labelOf.set(name, clustering.labels[i]));
  return members.map((layer) => ({
    name: layer.name,
    values: layer.rwc,
    cluster: labelOf.has(layer.name) ? (labelOf.get(layer.name) as number) : null,
    clipped: clippedMarks(layer),
  }));
}

/** Per-transition mean, min and max of the raw RWC of `members` (nulls ignored; null where all are null). */
export function rawClusterStats(members: readonly Pick<LayerSummary, 'rwc'>[], transitions: number) {
  const mean: (number | null)[] = [];
  const min: (number | null)[] = [];
  const max: (number | null)[] = [];
  for (let t = 0; t < transitions; t++) {
    const values = members.map((m) => m.rwc[t]).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
    mean.push(values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
    min.push(values.length ? Math.min(...values) : null);
    max.push(values.length ? Math.max(...values) : null);
  }
  return { mean, min, max };
}

/** The layers of a primitive group, in depth order. */
export function layersOfPrimitive(summary: Summary, primitive: string): LayerSummary[] {
  return layersInDepthOrder(summary).filter((l) => l.primitive === primitive);
}

/** Axis title of the plotted RWC: always the raw values (clipping only feeds the clustering). */
export function rwcValueLabel(summary: Summary): string {
  return summary.options.rwc === 'mean-relative' ? 'RWC (mean-relative)' : 'RWC';
}

/** Number (epoch or step) of checkpoint `index` (0-based, in run order) as text; `#index` when the run does not list it. */
export function checkpointLabel(summary: Summary, index: number | undefined): string {
  if (index === undefined) return '?';
  const checkpoint = summary.run.checkpoints[index];
  return checkpoint ? String(checkpointNumber(checkpoint)) : `#${index}`;
}
