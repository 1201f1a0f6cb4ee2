/** The charts of the diff page: file names, and how each is rendered from the diff and the two analyses. */
import type { AnalyzeResult } from '../../analyze/analyze.js';
import type { Summary } from '../../analyze/types.js';
import { meanOfPresent, formatNumber } from '../../report/scales.js';
import {
  clusteredRwcSeries,
  layersInDepthOrder,
  rwcValueLabel,
  transitionLabels,
  type ClusteredSeries,
} from '../../report/summary-data.js';
import type { ChartJob } from '../../report/types.js';
import type { RwcClustersInput } from '../../report/charts/rwc-clusters.js';
import type { CrossFeatures } from '../cross-features.js';
import type { Diff, DiffLayer } from '../types.js';
import { renderDivergingHeatmap, symmetricLimit } from './diverging-heatmap.js';
import { renderLayerMeans } from './layer-rwc-a-vs-b.js';
import { renderRwcSideBySide } from './rwc-side-by-side.js';

export interface DiffChartData {
  diff: Diff;
  a: AnalyzeResult;
  b: AnalyzeResult;
  features: CrossFeatures | null;
}

/** "conv1", or "conv1 / features.0" when the two runs name the layer differently. */
export function pairLabel(layer: DiffLayer): string {
  return layer.a === layer.b ? layer.a : `${layer.a} / ${layer.b}`;
}

function clusteredSeries(summary: Summary): ClusteredSeries[] {
  const layers = layersInDepthOrder(summary);
  const all = summary.clustering.all;
  if (all) return clusteredRwcSeries(all, layers);
  return layers.map((l) => ({ name: l.name, values: l.rwc, cluster: null }));
}

function panel(side: 'A' | 'B', summary: Summary): RwcClustersInput {
  const k = summary.clustering.all?.k;
  return {
    title: `Run ${side}: ${summary.run.dir} (${summary.layers.length} layers${k !== undefined ? `, k = ${k}` : ''})`,
    xLabels: transitionLabels(summary),
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

function crossCorrelationJob(features: CrossFeatures): ChartJob {
  const f = features.summary;
  const order = matchedColumnOrder(f.matching, f.rowsB);
  const values = Array.from({ length: f.rowsA }, (_, i) => order.map((j) => features.matrix[i * f.rowsB + j]));
  const names = f.layerA === f.layerB ? `"${f.layerA}"` : `"${f.layerA}" (A) and "${f.layerB}" (B)`;
  return {
    file: 'feature-cross-correlation.png',
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
export function planDiffCharts(data: DiffChartData): ChartJob[] {
  const { diff } = data;
  const sa = data.a.summary;
  const sb = data.b.summary;
  const valueLabel = rwcValueLabel(sa);
  const jobs: ChartJob[] = [
    {
      file: 'rwc-side-by-side.png',
      render: () =>
        renderRwcSideBySide('RWC per layer over epochs, coloured by each run\'s own clusters (shared y-scale)', [
          panel('A', sa),
          panel('B', sb),
        ]),
    },
    {
      file: 'layer-rwc-a-vs-b.png',
      render: () =>
        renderLayerMeans({
          title: `Mean RWC per paired layer over the ${diff.transitionsCompared} compared transitions, A vs B`,
          layers: diff.layers.map(pairLabel),
          meanA: diff.layers.map((l) => meanOfPresent(l.rwcA)),
          meanB: diff.layers.map((l) => meanOfPresent(l.rwcB)),
          labelA: `A: ${diff.runs.a.dir}`,
          labelB: `B: ${diff.runs.b.dir}`,
          valueLabel,
        }),
    },
  ];
  if (diff.transitionsCompared > 0) {
    const values = diff.layers.map(rwcDifference);
    jobs.push({
      file: 'rwc-diff-heatmap.png',
      render: () =>
        renderDivergingHeatmap({
          title: 'RWC of A minus RWC of B per paired layer and compared transition (red: A changes more)',
          rowLabels: diff.layers.map(pairLabel),
          columnLabels: diff.transitions,
          values,
          limit: symmetricLimit(values.flat()),
          xTitle: 'epoch transition (earlier→later checkpoint)',
          yTitle: 'paired layer (depth order of A)',
          valueTitle: 'RWC_A − RWC_B',
        }),
    });
  }
  if (data.features) jobs.push(crossCorrelationJob(data.features));
  return jobs;
}
