/** layer-clusters.png: layers in depth order with their mean RWC, coloured by cluster. */
import type { ChartConfiguration } from 'chart.js';
import { axisTitle, linearAxisTicks, logAxisTicks, pageOnly, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { truncateLabel } from '../text-style.js';
import { formatNumber, shouldUseLogScale } from '../scales.js';
import { clusterColor, groupLabel, orderedGroups } from './cluster-style.js';

export interface DepthPoint {
  name: string;
  /** 0-based depth ordinal. */
  depth: number;
  meanRwc: number | null;
  cluster: number | null;
}

export interface LayerClustersInput {
  title: string;
  layers: readonly DepthPoint[];
  /** y-axis title without the scale note. */
  valueLabel: string;
}

/** Tick labels are layer names up to this many layers, depth ordinals above. */
export const MAX_NAMED_TICKS = 40;
/** The grey depth-profile line is drawn up to this many layers. */
export const MAX_PROFILE_LAYERS = 60;

export function layerClustersConfig(input: LayerClustersInput, view: ChartView = {}): ChartConfiguration {
  const log = view.log ?? shouldUseLogScale(input.layers.map((l) => l.meanRwc));
  const usable = (v: number | null) => v !== null && (!log || v > 0);
  const sorted = [...input.layers].sort((a, b) => a.depth - b.depth);
  const named = sorted.length <= MAX_NAMED_TICKS;
  const nameAt = new Map(sorted.map((l) => [l.depth, l.name]));
  const groups = orderedGroups(sorted.map((l) => l.cluster));
  const radius = sorted.length > 200 ? 3 : 6;
  const datasets: ChartConfiguration<'scatter'>['data']['datasets'] = groups.map((g) => {
    const members = sorted.filter((l) => l.cluster === g);
    return {
      label: groupLabel(g, members.length),
      group: g,
      data: members.filter((l) => usable(l.meanRwc)).map((l) => ({ x: l.depth, y: l.meanRwc as number, layer: l.name })),
      backgroundColor: clusterColor(g),
      borderColor: clusterColor(g),
      pointRadius: radius,
      pointStyle: g === null ? 'crossRot' : 'circle',
      order: 0,
      // The largest and smallest values sit on the edges of the axis: draw their whole dot.
      clip: false,
    };
  });
  // A line through all layers in depth order helps with few layers; with many it is only a dense zigzag.
  if (sorted.length <= MAX_PROFILE_LAYERS) {
    datasets.push({
      label: 'depth profile',
      data: sorted.map((l) => ({ x: l.depth, y: usable(l.meanRwc) ? (l.meanRwc as number) : NaN })),
      showLine: true,
      borderColor: 'rgba(120, 120, 120, 0.5)',
      backgroundColor: 'rgba(120, 120, 120, 0.5)',
      borderWidth: 1,
      pointRadius: 0,
      order: 1,
    });
  }
  const depths = sorted.map((l) => l.depth);
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      plugins: {
        title: titleOption(input.title),
        legend: { display: true, labels: { usePointStyle: true, font: { size: 13 } } },
        ...pageOnly(view, {
          tooltip: {
            filter: (item: TooltipItem) => item.raw.layer !== undefined,
            callbacks: {
              title: (items: TooltipItem[]) => (items.length ? items[0].raw.layer : ''),
              label: (item: TooltipItem) => `depth ${item.raw.x}, mean ${input.valueLabel} ${formatNumber(item.raw.y)}`,
            },
          },
        }),
      },
      scales: {
        x: {
          type: 'linear',
          min: Math.min(...depths, 0) - 0.5,
          max: Math.max(...depths, 0) + 0.5,
          title: axisTitle(named ? 'layer (depth order)' : 'layer depth ordinal (0 = input side)'),
          // With min = first depth - 0.5, chart.js would put the ticks at -0.5, 0.5, ...: no tick at a layer, so
          // no name. The ticks are set to the layers' depths instead.
          afterBuildTicks: named
            ? (axis: { ticks: { value: number }[] }) => {
                axis.ticks = depths.map((value) => ({ value }));
              }
            : undefined,
          ticks: named
            ? {
                autoSkip: false,
                maxRotation: 60,
                minRotation: 45,
                callback: (value: number | string) => truncateLabel(nameAt.get(Number(value)) ?? '', 24),
              }
            : { callback: (value: number | string) => (Number.isInteger(Number(value)) ? String(value) : '') },
        },
        y: {
          type: log ? 'logarithmic' : 'linear',
          title: axisTitle(`mean ${input.valueLabel} over epochs${log ? ' — log scale' : ''}`),
          ticks: log ? logAxisTicks(input.layers.map((l) => l.meanRwc)) : linearAxisTicks(),
        },
      },
    },
  } as ChartConfiguration;
}
