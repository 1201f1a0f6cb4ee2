/** layer-rwc-a-vs-b.png: mean RWC of every paired layer in run A and in run B, layers in A's depth order. */
import type { ChartConfiguration } from 'chart.js';
import { axisTitle, logAxisTicks, pageOnly, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { truncateLabel } from '../text-style.js';
import { forLogAxis } from './rwc-clusters.js';
import { categoricalColor } from '../colors.js';
import { formatNumber, shouldUseLogScale } from '../scales.js';

export interface LayerMeansInput {
  title: string;
  /** Tick label of each paired layer, in depth order. */
  layers: readonly string[];
  meanA: readonly (number | null)[];
  meanB: readonly (number | null)[];
  labelA: string;
  labelB: string;
  /** y-axis title without the scale note. */
  valueLabel: string;
}

/** Layer names are written under every tick up to this many layers; above, chart.js skips some. */
const MAX_NAMED_TICKS = 40;

export function layerMeansConfig(input: LayerMeansInput, view: ChartView = {}): ChartConfiguration {
  const log = view.log ?? shouldUseLogScale([...input.meanA, ...input.meanB]);
  const dataset = (label: string, values: readonly (number | null)[], i: number) => ({
    label,
    raw: values,
    layers: input.layers,
    data: forLogAxis(values, log),
    borderColor: categoricalColor(i),
    backgroundColor: categoricalColor(i),
    borderWidth: 2,
    pointRadius: input.layers.length > 100 ? 1.5 : 4,
    pointStyle: i === 0 ? 'circle' : 'rectRot',
    tension: 0,
    spanGaps: false,
  });
  const labels = input.layers.map((l) => truncateLabel(l, 24));
  return {
    type: 'line',
    data: {
      labels,
      datasets: [dataset(input.labelA, input.meanA, 0), dataset(input.labelB, input.meanB, 1)],
    },
    options: {
      // The first tick's label, slanted down to the left, needs room left of the plot (about 7 px per character at 45°).
      layout: { padding: { left: edgePadding(labels[0]), right: 16, bottom: 8 } },
      plugins: {
        title: titleOption(input.title),
        legend: { display: true, position: 'top', labels: { usePointStyle: true, font: { size: 13 } } },
        ...pageOnly(view, {
          tooltip: {
            callbacks: {
              title: (items: TooltipItem[]) => (items.length ? items[0].dataset.layers[items[0].dataIndex] : ''),
              label: (item: TooltipItem) => `${item.dataset.label}: ${formatNumber(item.dataset.raw[item.dataIndex])}`,
            },
          },
        }),
      },
      ...pageOnly(view, { interaction: { mode: 'index', intersect: false } }),
      scales: {
        x: {
          title: axisTitle('paired layer (depth order of run A)'),
          // Points sit in the middle of their band, so the first and last labels stay inside the image.
          offset: true,
          ticks: { autoSkip: input.layers.length > MAX_NAMED_TICKS, maxRotation: 60, minRotation: 45 },
        },
        y: {
          type: log ? 'logarithmic' : 'linear',
          title: axisTitle(`mean ${input.valueLabel} over the compared transitions${log ? ' — log scale' : ''}`),
          ticks: log ? logAxisTicks() : {},
        },
      },
    },
  } as ChartConfiguration;
}

/** Left padding for a 45° label under the first tick: the part of its width that reaches left of the tick. */
export function edgePadding(label: string | undefined): number {
  return Math.min(170, Math.round(((label ?? '').length * 7) / Math.SQRT2));
}
