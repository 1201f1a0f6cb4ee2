/** rwc-cluster-means.png: each cluster's mean RWC curve with its min–max band. */
import type { ChartConfiguration } from 'chart.js';
import { withAlpha } from '../colors.js';
import { axisTitle, linearAxisTicks, logAxisTicks, pageOnly, titleOption, type ChartView, type PageDataset, type TooltipItem } from '../chart-options.js';
import { formatNumber, shouldUseLogScale } from '../scales.js';
import { clusterLabel } from '../summary-data.js';
import { clusterColor, groupedLegend } from './cluster-style.js';
import { forLogAxis } from './rwc-clusters.js';

export interface ClusterBand {
  id: number;
  size: number;
  /** Mean, min and max of the members' raw RWC per transition (null where no member has a value). */
  mean: readonly (number | null)[];
  min: readonly (number | null)[];
  max: readonly (number | null)[];
  /** Mean of the members' clipped RWC (what the clustering saw), drawn dashed; omitted when nothing was clipped. */
  clippedMean?: readonly (number | null)[];
}

export interface ClusterMeansInput {
  title: string;
  xLabels: readonly string[];
  /** Title of the transition axis (summary-data.ts transitionAxisTitle). */
  xTitle: string;
  clusters: readonly ClusterBand[];
  valueLabel: string;
}

export function clusterMeansConfig(input: ClusterMeansInput, view: ChartView = {}): ChartConfiguration {
  const all = input.clusters.flatMap((c) => [...c.min, ...c.max, ...c.mean, ...(c.clippedMean ?? [])]);
  const log = view.log ?? shouldUseLogScale(all);
  const datasets: PageDataset<'line'>[] = [];
  const meanIndices = new Set<number>();
  for (const cluster of input.clusters) {
    const color = clusterColor(cluster.id);
    const label = `${clusterLabel(cluster.id, cluster.size)}: mean, band = min–max`;
    // min first, then max filled down to it ('-1' = the previous dataset), then the mean drawn on top.
    datasets.push({
      label,
      group: cluster.id,
      part: 'min',
      raw: cluster.min,
      data: forLogAxis(cluster.min, log),
      borderColor: withAlpha(color, 0.5),
      borderWidth: 1,
      pointRadius: 0,
      fill: false,
    });
    datasets.push({
      label,
      group: cluster.id,
      part: 'max',
      raw: cluster.max,
      data: forLogAxis(cluster.max, log),
      borderColor: withAlpha(color, 0.5),
      backgroundColor: withAlpha(color, 0.18),
      borderWidth: 1,
      pointRadius: 0,
      fill: '-1',
    });
    meanIndices.add(datasets.length);
    datasets.push({
      label,
      group: cluster.id,
      part: 'mean',
      raw: cluster.mean,
      data: forLogAxis(cluster.mean, log),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 3,
      pointRadius: 3,
      fill: false,
    });
    if (cluster.clippedMean) {
      datasets.push({
        label: `${clusterLabel(cluster.id, cluster.size)}: mean of the clipped values`,
        group: cluster.id,
        part: 'mean of the clipped values',
        raw: cluster.clippedMean,
        data: forLogAxis(cluster.clippedMean, log),
        borderColor: color,
        borderDash: [7, 5],
        borderWidth: 2,
        pointRadius: 0,
        fill: false,
      });
      meanIndices.add(datasets.length - 1);
    }
  }
  return {
    type: 'line',
    data: { labels: [...input.xLabels], datasets },
    options: {
      plugins: {
        title: titleOption(input.title),
        legend: groupedLegend(meanIndices),
        ...pageOnly(view, {
          tooltip: {
            callbacks: {
              label: (item: TooltipItem) =>
                `cluster ${item.dataset.group} ${item.dataset.part}: ${formatNumber(item.dataset.raw[item.dataIndex])}`,
            },
          },
        }),
      },
      ...pageOnly(view, { interaction: { mode: 'index', intersect: false } }),
      scales: {
        x: { title: axisTitle(input.xTitle) },
        y: {
          type: log ? 'logarithmic' : 'linear',
          title: axisTitle(`cluster mean ${input.valueLabel}${log ? ' — log scale' : ''}`),
          ticks: log ? logAxisTicks(all) : linearAxisTicks(),
        },
      },
    },
  } as ChartConfiguration;
}
