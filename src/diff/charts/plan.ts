/**
 * The charts of the diff page, each declared once (ChartEntry: file, title, caption, section, PNG renderer, page
 * data), from the diff and the two analyses. Layer names are display names (report/display-names.ts).
 */
import type { AnalyzeResult } from '../../analyze/analyze.js';
import type { Summary } from '../../analyze/types.js';
import { meanOfPresent, formatNumber } from '../../report/scales.js';
import {
  clusteredRwcSeries,
  layersInDepthOrder,
  runUnit,
  rwcValueLabel,
  transitionAxisTitle,
  transitionLabels,
  type ClusteredSeries,
} from '../../report/summary-data.js';
import type { ChartEntry } from '../../report/types.js';
import { displayNameMap } from '../../report/display-names.js';
import type { RwcClustersInput } from '../../report/charts/rwc-clusters.js';
import type { CrossFeatures } from '../cross-features.js';
import type { Diff, DiffLayer } from '../types.js';
import { matchedClusterColors } from '../cluster-colors.js';
import { renderDivergingHeatmap, symmetricLimit } from './diverging-heatmap.js';
import { renderChartPng } from '../../report/chart-canvas.js';
import { layerMeansConfig } from '../../report/charts/layer-rwc-a-vs-b.js';
import { renderRwcSideBySide } from './rwc-side-by-side.js';

export interface DiffChartData {
  diff: Diff;
  a: AnalyzeResult;
  b: AnalyzeResult;
  features: CrossFeatures | null;
}

/** "conv1", or "conv1 / features.0" when the two runs name the layer differently (names through `short`). */
export function pairLabel(layer: DiffLayer, short: ReadonlyMap<string, string> = new Map(), shortB: ReadonlyMap<string, string> = short): string {
  const a = short.get(layer.a) ?? layer.a;
  const b = shortB.get(layer.b) ?? layer.b;
  return layer.a === layer.b ? a : `${a} / ${b}`;
}

function clusteredSeries(summary: Summary): ClusteredSeries[] {
  const layers = layersInDepthOrder(summary);
  const all = summary.clustering.all;
  const short = displayNameMap(summary.layers);
  const series = all ? clusteredRwcSeries(all, layers) : layers.map((l) => ({ name: l.name, values: l.rwc, cluster: null }));
  return series.map((s) => ({ ...s, name: short.get(s.name) ?? s.name }));
}

function panel(side: 'A' | 'B', summary: Summary): RwcClustersInput {
  const k = summary.clustering.all?.k;
  return {
    title: `Run ${side}: ${summary.run.dir} (${summary.layers.length} layers${k !== undefined ? `, k = ${k}` : ''})`,
    xLabels: transitionLabels(summary),
    xTitle: transitionAxisTitle(runUnit(summary)),
    series: clusteredSeries(summary),
    valueLabel: rwcValueLabel(summary),
  };
}

/** RWC_A - RWC_B of the raw series per compared transition; null where either is undefined. */
export function rwcDifference(layer: Pick<DiffLayer, 'rwcA' | 'rwcB'>): (number | null)[] {
  return layer.rwcA.map((a, t) => {
    const b = layer.rwcB[t];
    return a === null || b === null ? null : a - b;
  });
}

/** Column order of the cross-correlation chart: B's row matched to A's row 0, 1, ...; unmatched B rows last. */
export function matchedColumnOrder(matching: readonly number[], rowsB: number): number[] {
  const order = matching.filter((j) => j >= 0);
  const used = new Set(order);
  for (let j = 0; j < rowsB; j++) if (!used.has(j)) order.push(j);
  return order;
}

function crossCorrelationEntry(features: CrossFeatures): ChartEntry {
  const f = features.summary;
  const order = matchedColumnOrder(f.matching, f.rowsB);
  const values = Array.from({ length: f.rowsA }, (_, i) => order.map((j) => features.matrix[i * f.rowsB + j]));
  const names = f.layerA === f.layerB ? `"${f.layerA}"` : `"${f.layerA}" (A) and "${f.layerB}" (B)`;
  return {
    file: 'feature-cross-correlation.png',
    title: "Cross-run feature correlation, B's rows matched to A's rows",
    caption: `Pearson r between each output feature (row) of ${names} in A and in B at the last checkpoints, B's rows reordered so the matched partner of A's row i sits on the diagonal: a red diagonal means the two runs learned the same features.`,
    section: 'charts',
    render: () =>
      renderDivergingHeatmap({
        title: `Cross-run feature correlation of ${names}, B's rows matched to A's (mean |r| of matched pairs = ${formatNumber(f.meanAbsMatched)})`,
        rowLabels: Array.from({ length: f.rowsA }, (_, i) => String(i)),
        columnLabels: order.map(String),
        values,
        limit: 1,
        xTitle: 'output feature of B (row index), in the order matched to A',
        yTitle: 'output feature of A (row index)',
        valueTitle: 'Pearson r',
      }),
  };
}

/** Every chart of the diff page, in page order. */
export function planDiffCharts(data: DiffChartData): ChartEntry[] {
  const { diff } = data;
  const sa = data.a.summary;
  const sb = data.b.summary;
  const valueLabel = rwcValueLabel(sa);
  const shortA = displayNameMap(sa.layers);
  const shortB = displayNameMap(sb.layers);
  const idsOf = (s: Summary) => (s.clustering.all?.clusters ?? []).map((c) => c.id);
  const panels: [RwcClustersInput, RwcClustersInput] = [
    panel('A', sa),
    { ...panel('B', sb), clusterColors: matchedClusterColors(diff.layers, idsOf(sa), idsOf(sb)) },
  ];
  const means = {
    title: `Mean RWC per paired layer over the ${diff.transitionsCompared} compared transitions, A vs B`,
    layers: diff.layers.map((l) => pairLabel(l, shortA, shortB)),
    meanA: diff.layers.map((l) => meanOfPresent(l.rwcA)),
    meanB: diff.layers.map((l) => meanOfPresent(l.rwcB)),
    labelA: `A: ${diff.runs.a.dir}`,
    labelB: `B: ${diff.runs.b.dir}`,
    valueLabel,
  };
  const entries: ChartEntry[] = [
    {
      file: 'rwc-side-by-side.png',
      title: 'Clustered RWC curves of A and B on a shared y-scale',
      caption: "Each line is one layer's raw RWC over the transitions, coloured by its own run's k-means clusters (a cluster of B in the colour of the A cluster it shares the most paired layers with; a B cluster matching none in a colour of its own); the two panels share the y-scale, so a higher panel means that run's weights changed more.",
      section: 'charts',
      render: () => renderRwcSideBySide(`RWC per layer over ${runUnit(sa)}s, coloured by each run's own clusters (shared y-scale)`, panels),
      page: { kind: 'rwc-pair', input: { panels } },
    },
    {
      file: 'layer-rwc-a-vs-b.png',
      title: 'Mean RWC per paired layer, A vs B',
      caption: 'Each paired layer (depth order of A) with its mean raw RWC in A and in B: where the lines part, one run moved that layer more.',
      section: 'charts',
      render: () => renderChartPng(layerMeansConfig(means)),
      page: { kind: 'layer-means', input: means },
    },
  ];
  if (diff.transitionsCompared > 0) {
    const values = diff.layers.map(rwcDifference);
    entries.push({
      file: 'rwc-diff-heatmap.png',
      title: 'RWC_A − RWC_B per paired layer and transition',
      caption: 'Raw RWC of A minus RWC of B, one row per paired layer, one column per compared transition: red where A changed more, blue where B did, white where they agree.',
      section: 'charts',
      render: () =>
        renderDivergingHeatmap({
          title: 'RWC of A minus RWC of B per paired layer and compared transition (red: A changes more)',
          rowLabels: diff.layers.map((l) => pairLabel(l, shortA, shortB)),
          columnLabels: diff.transitions,
          values,
          limit: symmetricLimit(values.flat()),
          xTitle: transitionAxisTitle(runUnit(sa)),
          yTitle: 'paired layer (depth order of A)',
          valueTitle: 'RWC_A − RWC_B',
        }),
    });
  }
  if (data.features) entries.push(crossCorrelationEntry(data.features));
  return entries;
}
