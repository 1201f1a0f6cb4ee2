/**
 * The report's charts, each declared once (ChartEntry): PNG file name, figure title and caption, page section,
 * PNG renderer and, for the charts the page draws with chart.js, the page data (the renderer's own input).
 * Layer names in chart inputs are display names (display-names.ts); the page maps them back to full names.
 */
import { checkpointNumber, type ChangedFraction, type ClusteringResult, type LayerSummary, type Summary } from '../analyze/types.js';
import { renderBanding } from './charts/banding.js';
import { renderChangedByLayer } from './charts/render-png.js';
import { toleranceEntries } from './charts/changed-fraction.js';
import { renderChangedFraction } from './charts/render-png.js';
import { type ClusterMeansInput } from './charts/rwc-cluster-means.js';
import { renderClusterMeans } from './charts/render-png.js';
import { clippingCaption, clippingOf, valueCount } from './clipping-note.js';
import { renderFeatureCorrelation } from './charts/feature-correlation.js';
import { renderDistance } from './charts/render-png.js';
import { renderFilters } from './charts/filters.js';
import { renderRwcHeatmap } from './charts/rwc-heatmap.js';
import { renderLayerClusters } from './charts/render-png.js';
import { renderPca } from './charts/render-png.js';
import { type RwcClustersInput } from './charts/rwc-clusters.js';
import { renderRwcClusters } from './charts/render-png.js';
import { renderScree } from './charts/render-png.js';
import { renderBlockRoleHeatmap, type BlockRoleInput } from './charts/block-role-heatmap.js';
import { ROLE_GROUP_COLORS, type RoleGroupMeansInput } from './charts/role-group-means.js';
import { renderRoleGroupMeans } from './charts/render-png.js';
import { blockRolePageInput } from './page/block-role-table.js';
import { blockRoleMatrix, hasRoles, roleGroupMeans } from './roles.js';
import { meanOfPresent } from './scales.js';
import {
  checkpointLabel,
  clusteredRwcSeries,
  layersInDepthOrder,
  layersOfPrimitive,
  rawClusterStats,
  runUnit,
  rwcValueLabel,
  transitionAxisTitle,
  transitionCount,
  transitionLabels,
} from './summary-data.js';
import type { ChartEntry, PageChartKind, ReportExtras } from './types.js';
import { type TrainingInput } from './charts/training.js';
import { renderTraining } from './charts/render-png.js';
import { displayNameMap } from './display-names.js';

/** A chart the page draws with chart.js from the very input its PNG renderer gets. */
function pageChart<I>(
  text: Pick<ChartEntry, 'file' | 'title' | 'caption' | 'section'>,
  page: { kind: PageChartKind; input: I },
  render: (input: I) => Buffer,
): ChartEntry {
  return { ...text, render: () => render(page.input), page };
}

/** Tolerance of the per-layer changed-fraction bar chart. */
export const BY_LAYER_TOLERANCE = 1e-6;

/** Input of `<prefix>rwc-clusters.png`: the raw curves of `members`, clipped points marked, the clipping caption. */
export function rwcClustersInput(summary: Summary, clustering: ClusteringResult, members: LayerSummary[], scope: string): RwcClustersInput {
  const names = displayNameMap(summary.layers);
  return {
    title: `${scope}: RWC per layer over ${runUnit(summary)}s, coloured by cluster (k = ${clustering.k})`,
    xLabels: transitionLabels(summary),
    xTitle: transitionAxisTitle(runUnit(summary)),
    series: clusteredRwcSeries(clustering, members).map((s) => ({ ...s, name: names.get(s.name) ?? s.name })),
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
    xTitle: transitionAxisTitle(runUnit(summary)),
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

/** What RWC is, in words, for the captions. */
export function rwcDefinition(s: Summary): string {
  return s.options.rwc === 'mean-relative'
    ? 'RWC = mean over the weights of |w_t − w_{t−1}| / |w_{t−1}| (--rwc mean-relative)'
    : 'RWC = Σ|w_t − w_{t−1}| / Σ|w_{t−1}|, the relative weight change of a layer from one checkpoint to the next';
}

/** File names are `<prefix>rwc-clusters.png` etc.; prefix "" for the whole network, "<primitive>-" per group. */
function clusteringCharts(
  summary: Summary,
  clustering: ClusteringResult,
  members: LayerSummary[],
  prefix: string,
  scope: string,
  section: { curves: string; method: string; lead?: string },
): ChartEntry[] {
  const names = displayNameMap(summary.layers);
  const labelOf = new Map(clustering.layers.map((name, i) => [name, clustering.labels[i]]));
  const rwc = rwcClustersInput(summary, clustering, members, scope);
  const means = clusterMeansInput(summary, clustering, members, scope);
  const scree = {
    title: `${scope}: scree curve of k-means (${clustering.space} space)`,
    inertia: clustering.inertia,
    chosenK: clustering.k,
    how: clustering.kChosen,
  };
  const pca = {
    title: `${scope}: layers in PCA space of their RWC curves, coloured by cluster`,
    explainedVariance: clustering.explainedVariance,
    points: clustering.layers.flatMap((name, i) => {
      const p = clustering.points[i];
      return p && Number.isFinite(p[0]) && Number.isFinite(p[1])
        ? [{ name: names.get(name) ?? name, x: p[0], y: p[1], cluster: labelOf.get(name) ?? null }]
        : [];
    }),
  };
  return [
    pageChart(
      {
        file: `${prefix}rwc-clusters.png`,
        title: `${scope}: RWC per layer, coloured by cluster`,
        caption: `Each line is one layer's raw RWC per ${runUnit(summary)} transition, coloured by its k-means cluster; a line falling towards zero means the layer settled. Hover a line for the layer, click a legend entry to hide a cluster. ${rwc.note}`,
        section: section.lead ?? section.curves,
      },
      { kind: 'rwc-lines', input: rwc },
      renderRwcClusters,
    ),
    pageChart(
      {
        file: `${prefix}rwc-cluster-means.png`,
        title: `${scope}: cluster means with min–max bands`,
        caption: `Each cluster's mean raw RWC per transition (thick line) with a band from its smallest to its largest member: a narrow band means the cluster's layers behave alike.${summary.options.outliers === 'none' ? '' : ' The dashed line is the mean of the clipped values the clustering used (drawn only where clipping changed a member).'}`,
        section: section.curves,
      },
      { kind: 'cluster-means', input: means },
      renderClusterMeans,
    ),
    pageChart(
      {
        file: `${prefix}scree.png`,
        title: `${scope}: scree curve`,
        caption: 'k-means inertia (sum of squared distances of the layers to their cluster centre) for each number of clusters k. The marked k is the elbow (the point farthest from the straight line joining the first and last k), or the k given by --k.',
        section: section.method,
      },
      { kind: 'scree', input: scree },
      renderScree,
    ),
    pageChart(
      {
        file: `${prefix}pca.png`,
        title: `${scope}: PCA of the RWC curves`,
        caption: 'Each dot is one layer, placed by the first two principal components of its (clipped) RWC curve; layers close together changed in a similar way over training. Colours are the k-means clusters.',
        section: section.method,
      },
      { kind: 'pca', input: pca },
      renderPca,
    ),
  ];
}

function trainingChart(summary: Summary): ChartEntry[] {
  const t = summary.training;
  if (!t || t.epochs.length === 0) return [];
  const what = [t.model, t.dataset && `on ${t.dataset}`, t.optimizer && `(${t.optimizer})`].filter(Boolean).join(' ');
  const input: TrainingInput = {
    title: `Training${what ? ` of ${what}` : ''}: loss and accuracy per epoch (run.json)`,
    epochs: t.epochs,
    trainLoss: t.trainLoss,
    testLoss: t.testLoss,
    trainAccuracy: t.trainAccuracy,
    testAccuracy: t.testAccuracy,
  };
  return [
    pageChart(
      {
        file: 'training.png',
        title: 'What the run achieved: loss and accuracy per epoch',
        caption: "Train (solid) and test (dashed) loss on the left axis and accuracy on the right, per epoch, as weightscale's trainer recorded them in run.json; epoch 0 is the initial weights (no training loss).",
        section: 'main',
      },
      { kind: 'training', input },
      renderTraining,
    ),
  ];
}

function layerCharts(summary: Summary): ChartEntry[] {
  const layers = layersInDepthOrder(summary);
  if (layers.length === 0) return [];
  const names = displayNameMap(summary.layers);
  const depth = {
    title: 'Mean RWC per layer in depth order, coloured by cluster',
    layers: layers
      .filter((l) => l.partOf === undefined)
      .map((l) => ({ name: names.get(l.name) ?? l.name, depth: l.depth, meanRwc: meanOfPresent(l.rwc), cluster: l.cluster })),
    valueLabel: rwcValueLabel(summary),
  };
  const entries: ChartEntry[] = [
    pageChart(
      {
        file: 'layer-clusters.png',
        title: 'Mean RWC per layer in depth order, coloured by cluster',
        caption: "Each dot is one layer's mean raw RWC over all transitions, from the input side (left) to the output (right), coloured by cluster: shows where in the depth of the network the fast- and slow-changing layers are.",
        section: 'main',
      },
      { kind: 'layer-clusters', input: depth },
      renderLayerClusters,
    ),
  ];
  const labels = transitionLabels(summary);
  if (labels.length > 0) {
    entries.push({
      file: 'rwc-heatmap.png',
      title: `RWC per layer and ${runUnit(summary)} transition, log colour scale`,
      caption: `One row per layer (input side at the top), one column per ${runUnit(summary)} transition; the colour is the raw RWC on a log scale (yellow = large change, dark purple = small, grey = no value).`,
      section: 'main',
      render: () =>
        renderRwcHeatmap({
          title: `RWC per layer and ${runUnit(summary)} transition (raw, ${summary.options.rwc}), log colour scale`,
          xTitle: transitionAxisTitle(runUnit(summary)),
          rowLabels: layers.map((l) => names.get(l.name) ?? l.name),
          columnLabels: labels,
          values: layers.map((l) => l.rwc),
        }),
    });
  }
  return entries;
}

function fractionAt(fractions: ChangedFraction, tol: number): number | null {
  const hit = toleranceEntries(fractions).find((e) => e.tol === tol);
  return hit ? hit.fraction : null;
}

/**
 * Whether the only pair of the every-k distances is the first and the last checkpoint: then it repeats the last
 * point of distance-from-init, and the page shows neither its chart nor its table.
 */
export function everyCoversRun(summary: Summary, every: Summary['dynamics']['every']): boolean {
  return every.l2.length === 1 && every.from[0] === 0 && every.to[0] === summary.run.checkpoints.length - 1;
}

/**
 * Subtitle of distance-every-k.png: how many pairs there are, and, when the only pair is first → last, that it
 * repeats the last point of distance-from-init (the chart would otherwise look like it failed to show a series).
 */
export function everyNote(summary: Summary, every: Summary['dynamics']['every']): string {
  const n = every.l2.length;
  const last = summary.run.checkpoints.length - 1;
  if (n === 1) {
    const pair = `${checkpointLabel(summary, every.from[0])}→${checkpointLabel(summary, every.to[0])}`;
    const same = every.from[0] === 0 && every.to[0] === last ? ': the same as the last point of the distance-from-first-checkpoint chart' : '';
    return `only one pair of checkpoints ${every.k} apart in this run (${runUnit(summary)}s ${pair})${same}; set --every to compare more pairs`;
  }
  return `${n} pairs of checkpoints ${every.k} checkpoints apart; each bar pair is the distance between the two checkpoints named below it`;
}

function dynamicsCharts(summary: Summary): ChartEntry[] {
  const d = summary.dynamics;
  const entries: ChartEntry[] = [];
  if (toleranceEntries(d.changedFraction).length > 0) {
    const byPrimitive = Object.entries(d.changedFractionByPrimitive).filter(
      (e): e is [string, ChangedFraction] => e[1] !== undefined && toleranceEntries(e[1]).length > 0,
    );
    const input = {
      title: 'Fraction of weights changed from the first to the last checkpoint, by tolerance',
      curves: [{ label: 'all layers', fractions: d.changedFraction }, ...byPrimitive.map(([p, fractions]) => ({ label: p, fractions }))],
    };
    entries.push(pageChart(
      {
        file: 'changed-fraction.png',
        title: 'Fraction of weights changed, by tolerance',
        caption: 'For each tolerance tol, the share of weights whose value at the last checkpoint differs from the first by more than tol, for all layers (black) and per primitive. A curve that stays high up to a large tol means most weights moved far.',
        section: 'dynamics',
      },
      { kind: 'changed-fraction', input },
      renderChangedFraction,
    ));
  }
  const layers = layersInDepthOrder(summary);
  if (layers.some((l) => fractionAt(l.changedFraction, BY_LAYER_TOLERANCE) !== null)) {
    const names = displayNameMap(summary.layers);
    const input = {
      title: 'Fraction of weights with |w_T − w_0| > 1e-6, per layer (depth order, colour = primitive)',
      layers: layers.map((l) => ({
        name: names.get(l.name) ?? l.name,
        primitive: l.primitive,
        fraction: fractionAt(l.changedFraction, BY_LAYER_TOLERANCE),
      })),
    };
    entries.push(pageChart(
      {
        file: 'changed-by-layer.png',
        title: 'Fraction changed per layer at tol 1e-6',
        caption: "Per layer, the share of its weights with |w_T − w_0| > 1e-6 (w_0 first, w_T last checkpoint); a low bar means most of that layer's weights did not move.",
        section: 'dynamics',
      },
      { kind: 'changed-by-layer', input },
      renderChangedByLayer,
    ));
  }
  const { l2, l1 } = d.distanceFromInit;
  if (l2.length > 0 && l2.length === l1.length) {
    const epochs = summary.run.checkpoints.map((c) => String(checkpointNumber(c)));
    const input = {
      title: 'Distance of all weights (every layer as one vector) from the first checkpoint',
      xTitle: epochs.length === l2.length ? `${runUnit(summary)} (checkpoint)` : 'checkpoint ordinal',
      xLabels: epochs.length === l2.length ? epochs : l2.map((_, i) => String(i)),
      l2,
      l1,
      kind: 'line' as const,
    };
    entries.push(pageChart(
      {
        file: 'distance-from-init.png',
        title: 'Distance from the first checkpoint',
        caption: 'L2 and L1 norm of the difference between all weights (every layer as one vector) at each checkpoint and at the first one; a curve that flattens means training has slowed down.',
        section: 'dynamics',
      },
      { kind: 'distance', input },
      renderDistance,
    ));
  }
  const every = d.every;
  if (every.l2.length > 0 && every.l2.length === every.l1.length && !everyCoversRun(summary, every)) {
    const input = {
      title: `Distance of all weights between every k-th checkpoint (k = ${every.k})`,
      note: everyNote(summary, every),
      xTitle: `${runUnit(summary)}s compared (from→to)`,
      xLabels: every.l2.map((_, i) => `${checkpointLabel(summary, every.from[i])}→${checkpointLabel(summary, every.to[i])}`),
      l2: every.l2,
      l1: every.l1,
      kind: 'bar' as const,
    };
    entries.push(pageChart(
      {
        file: 'distance-every-k.png',
        title: `Distance between every k-th checkpoint (k = ${every.k})`,
        caption: `L2 and L1 distance between checkpoints ${every.k} apart, for the pairs named on the axis: how far the weights travel per ${every.k} checkpoints.`,
        section: 'dynamics',
      },
      { kind: 'distance', input },
      renderDistance,
    ));
  }
  return entries;
}

function extraCharts(extras: ReportExtras): ChartEntry[] {
  const entries: ChartEntry[] = [];
  const { correlation, filters, banding } = extras;
  if (correlation && correlation.size > 0) {
    entries.push({
      file: 'feature-correlation.png',
      title: 'Correlation between the output features of the penultimate weighted layer',
      caption: 'Pearson correlation between the incoming weight vectors of the output features of the penultimate weighted layer, at the final checkpoint. Red = similar features, blue = opposite, white = unrelated; a mostly white matrix means diverse features.',
      section: 'features',
      render: () => renderFeatureCorrelation(correlation),
    });
  }
  if (filters && filters.rows.length > 0 && filters.shape[0] > 0) {
    entries.push({
      file: 'filters.png',
      title: 'First conv layer filters across epochs',
      caption: "The first conv layer's kernels at each kept checkpoint, one tile per filter, on one colour scale: filters that keep their pattern from row to row have stopped changing; the number under a tile is that filter's RWC since the row above.",
      section: 'features',
      render: () => renderFilters(filters),
    });
  }
  if (banding && banding.tiles.length > 0) {
    entries.push({
      file: 'banding.png',
      title: 'Weight banding of the last conv layer',
      caption: "Each tile is one output neuron of the last conv layer before global pooling; red, green and blue are three NMF factors of all neurons' weights. Horizontal or vertical stripes within the tiles are the 'weight banding' of Distill's article.",
      section: 'features',
      render: () => renderBanding(banding),
    });
  }
  return entries;
}

/** The transformer's charts: mean RWC per role group, and the block x role heatmap; none for a run without roles. */
function roleCharts(summary: Summary): ChartEntry[] {
  if (!hasRoles(summary) || transitionCount(summary) === 0) return [];
  const unit = runUnit(summary);
  const groups = roleGroupMeans(summary);
  const means: RoleGroupMeansInput = {
    title: `Mean RWC per role group at each ${unit} transition`,
    xLabels: transitionLabels(summary),
    xTitle: transitionAxisTitle(unit),
    valueLabel: rwcValueLabel(summary),
    groups: groups.map((g) => ({ label: `${g.group} (${g.layers} layer${g.layers === 1 ? '' : 's'})`, color: ROLE_GROUP_COLORS[g.group], mean: g.mean })),
  };
  const entries: ChartEntry[] = [
    pageChart(
      {
        file: 'role-groups.png',
        title: 'Mean RWC per role group: attention, MLP, embeddings, norms',
        caption: `Per ${unit} transition, the mean raw RWC of the layers of each role group (attention: query, key, value, fused qkv and output projections; mlp: gate, up and down projections; embeddings: token and position tables and special tokens; norms: norm scales and layer scales; other: heads and the rest). q/k/v part rows are not counted twice.`,
        section: 'roles',
      },
      { kind: 'role-groups', input: means },
      renderRoleGroupMeans,
    ),
  ];
  const matrix = blockRoleMatrix(summary);
  if (matrix && matrix.values.length > 0) {
    const input: BlockRoleInput = {
      title: `RWC per transformer block and role (raw, ${summary.options.rwc}), log colour scale`,
      rowLabels: matrix.blocks.map((b) => `block ${b}`),
      columnLabels: matrix.roles,
      transitions: transitionLabels(summary),
      values: matrix.values,
      shown: matrix.values.length - 1,
      xTitle: 'role (data-flow order inside a block)',
    };
    entries.push({
      file: 'block-roles.png',
      title: 'RWC per transformer block and role',
      caption: `One row per transformer block (input side at the top), one column per role; the colour is the raw RWC at the chosen ${unit} transition (the last by default; the PNG shows the last) on a log scale shared by every transition, so stepping through the transitions shows which blocks and roles settle first. A block's two norms are averaged.`,
      section: 'roles',
      render: () => renderBlockRoleHeatmap(input),
      page: { kind: 'block-roles', input: blockRolePageInput(input) },
    });
  }
  return entries;
}

/** A primitive name is used in a file name: only [a-z0-9_]. */
const SAFE_PRIMITIVE = /^[a-z0-9_]+$/;

/** Every chart of the report, in page order; file names are unique. */
export function planCharts(summary: Summary, extras: ReportExtras = {}): ChartEntry[] {
  const entries: ChartEntry[] = [];
  const all = summary.clustering.all;
  // q/k/v part rows are outside the whole-network clustering; their fused layer stands for them in its charts.
  const wholeLayers = layersInDepthOrder(summary).filter((l) => l.partOf === undefined);
  const whole = all && all.layers.length > 0 ? clusteringCharts(summary, all, wholeLayers, '', 'All layers', { lead: 'findings', curves: 'main', method: 'clustering' }) : [];
  entries.push(...whole.filter((e) => e.section === 'findings' || e.section === 'main'));
  entries.push(...trainingChart(summary));
  entries.push(...layerCharts(summary));
  entries.push(...roleCharts(summary));
  entries.push(...whole.filter((e) => e.section === 'clustering'));
  for (const [primitive, clustering] of Object.entries(summary.clustering.byPrimitive)) {
    if (!clustering || clustering.layers.length === 0 || !SAFE_PRIMITIVE.test(primitive)) continue;
    const members = layersOfPrimitive(summary, primitive);
    const section = `primitive-${primitive}`;
    entries.push(...clusteringCharts(summary, clustering, members, `${primitive}-`, `Primitive "${primitive}"`, { curves: section, method: section }));
  }
  entries.push(...dynamicsCharts(summary));
  entries.push(...extraCharts(extras));
  return entries;
}
