/** rwc-clusters.png: every layer's RWC curve over the epoch transitions, coloured by cluster. */
import type { ChartConfiguration } from 'chart.js';
import { withAlpha } from '../colors.js';
import { axisTitle, logAxisTicks, renderChartPng, titleOption } from '../chart-canvas.js';
import { shouldUseLogScale } from '../scales.js';
import type { ClusteredSeries } from '../summary-data.js';
import { clusterColor, groupedLegend, groupLabel, orderedGroups } from './cluster-style.js';

export interface RwcClustersInput {
  title: string;
  /** One label per transition, e.g. "3→4". */
  xLabels: readonly string[];
  series: readonly ClusteredSeries[];
  /** y-axis title without the scale note, e.g. "RWC (outliers clipped, row)". */
  valueLabel: string;
}

/** Values for a log axis: non-positive values have no place there and become gaps. */
export function forLogAxis(values: readonly (number | null)[], log: boolean): (number | null)[] {
  return log ? values.map((v) => (v !== null && v > 0 ? v : null)) : [...values];
}

export function rwcClustersConfig(input: RwcClustersInput): ChartConfiguration {
  const log = shouldUseLogScale(input.series.flatMap((s) => s.values));
  const many = input.series.length > 40;
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [];
  const firstOfGroup = new Set<number>();
  for (const group of orderedGroups(input.series.map((s) => s.cluster))) {
    const members = input.series.filter((s) => s.cluster === group);
    const color = clusterColor(group);
    firstOfGroup.add(datasets.length);
    for (const s of members) {
      datasets.push({
        label: groupLabel(group, members.length),
        data: forLogAxis(s.values, log),
        borderColor: many ? withAlpha(color, 0.45) : color,
        backgroundColor: color,
        borderWidth: many ? 1 : 2,
        borderDash: group === null ? [6, 4] : undefined,
        pointRadius: many ? 0 : 2.5,
        tension: 0,
        spanGaps: false,
      });
    }
  }
  return {
    type: 'line',
    data: { labels: [...input.xLabels], datasets },
    options: {
      plugins: { title: titleOption(input.title), legend: groupedLegend(firstOfGroup) },
      scales: {
        x: { title: axisTitle('epoch transition (earlier→later checkpoint)') },
        y: {
          type: log ? 'logarithmic' : 'linear',
          title: axisTitle(`${input.valueLabel}${log ? ' — log scale' : ''}`),
          ticks: log ? logAxisTicks() : {},
        },
      },
    },
  } as ChartConfiguration;
}

export function renderRwcClusters(input: RwcClustersInput): Buffer {
  return renderChartPng(rwcClustersConfig(input));
}
