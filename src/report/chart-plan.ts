/** Which charts a report has, under which file names, and how each is rendered from the Summary and extras. */
import type { ChangedFraction, ClusteringResult, LayerSummary, Summary } from '../analyze/types.js';
import { renderBanding } from './charts/banding.js';
import { renderChangedByLayer, renderChangedFraction, toleranceEntries } from './charts/changed-fraction.js';
import { renderClusterMeans, type ClusterMeansInput } from './charts/cluster-means.js';
import { clippingCaption, clippingOf, valueCount } from './clipping-note.js';
import { renderFeatureCorrelation } from './charts/correlation.js';
import { renderDistance } from './charts/distances.js';
import { renderFilters } from './charts/filters.js';
import { renderRwcHeatmap } from './charts/heatmap.js';
import { renderLayerClusters } from './charts/layer-clusters.js';
import { renderPca } from './charts/pca.js';
import { renderRwcClusters, type RwcClustersInput } from './charts/rwc-clusters.js';
import { renderScree } from './charts/scree.js';
import { meanOfPresent } from './scales.js';
import {
  checkpointEpochLabel,
  clusteredRwcSeries,
  layersInDepthOrder,
  layersOfPrimitive,
  rawClusterStats,
  rwcValueLabel,
  transitionLabels,
} from './summary-data.js';
import type { ChartJob, ReportExtras } from './types.js';

/** Tolerance of the per-layer changed-fraction bar chart. */
export const BY_LAYER_TOLERANCE = 1e-6;

/** Input of `<prefix>rwc-clusters.png`: the raw curves of `members`, clipped points marked, the clipping caption. */
export function rwcClustersInput(summary: Summary, clustering: ClusteringResult, members: LayerSummary[], scope: string): RwcClustersInput {
  return {
    title: `${scope}: RWC per layer over epochs, coloured by cluster (k = ${clustering.k})`,
    xLabels: transitionLabels(summary),
    series: clusteredRwcSeries(clustering, members),
    valueLabel: rwcValueLabel(summary),
    note: clippingCaption(summary, clippingOf(members), valueCount(members)),
  };
}

/** Input of `<prefix>rwc-cluster-means.png`: per cluster the raw mean and min–max band, and the clipped mean when clipping changed a member. */
export function clusterMeansInput(summary: Summary, clustering: ClusteringResult, members: LayerSummary[], scope: string): ClusterMeansInput {
  const transitions = transitionLabels(summary).length;
  return {
    title: `${scope}: mean RWC per cluster with min–max band (k = ${clustering.k})`,
    xLabels: transitionLabels(summary),
    clusters: clustering.clusters.map((c) => {
      const inCluster = new Set(c.layers);
      const layers = members.filter((l) => inCluster.has(l.name));
      const stats = rawClusterStats(layers, transitions);
      const clipped = clippingOf(layers).replaced > 0;
      return { id: c.id, size: c.layers.length, ...stats, ...(clipped ? { clippedMean: c.meanRwc } : {}) };
    }),
    valueLabel: rwcValueLabel(summary),
  };
}

/** File names are `<prefix>rwc-clusters.png` etc.; prefix "" for the whole network, "<primitive>-" per group. */
function clusteringCharts(
  summary: Summary,
  clustering: ClusteringResult,
  members: LayerSummary[],
  prefix: string,
  scope: string,
): ChartJob[] {
  const labelOf = new Map(clustering.layers.map((name, i) => [name, clustering.labels[i]]));
  return [
    {
      file: `${prefix}rwc-clusters.png`,
      render: () => renderRwcClusters(rwcClustersInput(summary, clustering, members, scope)),
    },
    {
      file: `${prefix}rwc-cluster-means.png`,
      render: () => renderClusterMeans(clusterMeansInput(summary, clustering, members, scope)),
    },
    {
      file: `${prefix}scree.png`,
      render: () =>
        renderScree({
          title: `${scope}: scree curve of k-means (${clustering.space} space)`,
          inertia: clustering.inertia,
          chosenK: clustering.k,
          how: clustering.kChosen,
        }),
    },
    {
      file: `${prefix}pca.png`,
      render: () =>
        renderPca({
          title: `${scope}: layers in PCA space of their RWC curves, coloured by cluster`,
          explainedVariance: clustering.explainedVariance,
          points: clustering.layers.flatMap((name, i) => {
            const p = clustering.points[i];
            return p && Number.isFinite(p[0]) && Number.isFinite(p[1])
              ? [{ name, x: p[0], y: p[1], cluster: labelOf.get(name) ?? null }]
              : [];
          }),
        }),
    },
  ];
}

function layerCharts(summary: Summary): ChartJob[] {
  const layers = layersInDepthOrder(summary);
  if (layers.length === 0) return [];
  const jobs: ChartJob[] = [
    {
      file: 'layer-clusters.png',
      render: () =>
        renderLayerClusters({
          title: 'Mean RWC per layer in depth order, coloured by cluster',
          layers: layers.map((l) => ({ name: l.name, depth: l.depth, meanRwc: meanOfPresent(l.rwc), cluster: l.cluster })),
          valueLabel: rwcValueLabel(summary),
        }),
    },
  ];
  const labels = transitionLabels(summary);
  if (labels.length > 0) {
    jobs.push({
      file: 'rwc-heatmap.png',
      render: () =>
        renderRwcHeatmap({
          title: `RWC per layer and epoch transition (raw, ${summary.options.rwc}), log colour scale`,
          rowLabels: layers.map((l) => l.name),
          columnLabels: labels,
          values: layers.map((l) => l.rwc),
        }),
    });
  }
  return jobs;
}

function fractionAt(fractions: ChangedFraction, tol: number): number | null {
  const hit = toleranceEntries(fractions).find((e) => e.tol === tol);
  return hit ? hit.fraction : null;
}

/**
 * Subtitle of distance-every-k.png: how many pairs there are, and, when the only pair is first → last, that it
 * repeats the last point of distance-from-init (the chart would otherwise look like it failed to show a series).
 */
export function everyNote(summary: Summary, every: Summary['dynamics']['every']): string {
  const n = every.l2.length;
  const last = summary.run.checkpoints.length - 1;
  if (n === 1) {
    const pair = `${checkpointEpochLabel(summary, every.from[0])}→${checkpointEpochLabel(summary, every.to[0])}`;
    const same = every.from[0] === 0 && every.to[0] === last ? ': the same as the last point of the distance-from-first-checkpoint chart' : '';
    return `only one pair of checkpoints ${every.k} apart in this run (epochs ${pair})${same}; set --every to compare more pairs`;
  }
  return `${n} pairs of checkpoints ${every.k} checkpoints apart; each bar pair is the distance between the two checkpoints named below it`;
}

function dynamicsCharts(summary: Summary): ChartJob[] {
  const d = summary.dynamics;
  const jobs: ChartJob[] = [];
  if (toleranceEntries(d.changedFraction).length > 0) {
    const byPrimitive = Object.entries(d.changedFractionByPrimitive).filter(
      (e): e is [string, Record<string, number>] => e[1] !== undefined && toleranceEntries(e[1]).length > 0,
    );
    jobs.push({
      file: 'changed-fraction.png',
      render: () =>
        renderChangedFraction({
          title: 'Fraction of weights changed from the first to the last checkpoint, by tolerance',
          curves: [
            { label: 'all layers', fractions: d.changedFraction },
            ...byPrimitive.map(([p, fractions]) => ({ label: p, fractions })),
          ],
        }),
    });
  }
  const layers = layersInDepthOrder(summary);
  if (layers.some((l) => fractionAt(l.changedFraction, BY_LAYER_TOLERANCE) !== null)) {
    jobs.push({
      file: 'changed-by-layer.png',
      render: () =>
        renderChangedByLayer({
          title: 'Fraction of weights with |w_T − w_0| > 1e-6, per layer (depth order, colour = primitive)',
          layers: layers.map((l) => ({
            name: l.name,
            primitive: l.primitive,
            fraction: fractionAt(l.changedFraction, BY_LAYER_TOLERANCE),
          })),
        }),
    });
  }
  const { l2, l1 } = d.distanceFromInit;
  if (l2.length > 0 && l2.length === l1.length) {
    const epochs = summary.run.checkpoints.map((c) => String(c.epoch));
    jobs.push({
      file: 'distance-from-init.png',
      render: () =>
        renderDistance({
          title: 'Distance of all weights (every layer as one vector) from the first checkpoint',
          xTitle: epochs.length === l2.length ? 'epoch (checkpoint)' : 'checkpoint ordinal',
          xLabels: epochs.length === l2.length ? epochs : l2.map((_, i) => String(i)),
          l2,
          l1,
          kind: 'line',
        }),
    });
  }
  const every = d.every;
  if (every.l2.length > 0 && every.l2.length === every.l1.length) {
    jobs.push({
      file: 'distance-every-k.png',
      render: () =>
        renderDistance({
          title: `Distance of all weights between every k-th checkpoint (k = ${every.k})`,
          note: everyNote(summary, every),
          xTitle: 'epochs compared (from→to)',
          xLabels: every.l2.map(
            (_, i) => `${checkpointEpochLabel(summary, every.from[i])}→${checkpointEpochLabel(summary, every.to[i])}`,
          ),
          l2: every.l2,
          l1: every.l1,
          kind: 'bar',
        }),
    });
  }
  return jobs;
}

function extraCharts(extras: ReportExtras): ChartJob[] {
  const jobs: ChartJob[] = [];
  const { correlation, filters, banding } = extras;
  if (correlation && correlation.size > 0) {
    jobs.push({ file: 'feature-correlation.png', render: () => renderFeatureCorrelation(correlation) });
  }
  if (filters && filters.rows.length > 0 && filters.shape[0] > 0) {
    jobs.push({ file: 'filters.png', render: () => renderFilters(filters) });
  }
  if (banding && banding.tiles.length > 0) {
    jobs.push({ file: 'banding.png', render: () => renderBanding(banding) });
  }
  return jobs;
}

/** A primitive name is used in a file name: only [a-z0-9_]. */
const SAFE_PRIMITIVE = /^[a-z0-9_]+$/;

/** Every chart the report will contain, in the order the page shows them; file names are unique. */
export function planCharts(summary: Summary, extras: ReportExtras = {}): ChartJob[] {
  const jobs: ChartJob[] = [];
  const all = summary.clustering.all;
  if (all && all.layers.length > 0) {
    jobs.push(...clusteringCharts(summary, all, layersInDepthOrder(summary), '', 'All layers'));
  }
  jobs.push(...layerCharts(summary));
  for (const [primitive, clustering] of Object.entries(summary.clustering.byPrimitive)) {
    if (!clustering || clustering.layers.length === 0 || !SAFE_PRIMITIVE.test(primitive)) continue;
    const members = layersOfPrimitive(summary, primitive);
    jobs.push(...clusteringCharts(summary, clustering, members, `${primitive}-`, `Primitive "${primitive}"`));
  }
  jobs.push(...dynamicsCharts(summary));
  jobs.push(...extraCharts(extras));
  return jobs;
}
