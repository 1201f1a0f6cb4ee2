/** layer-rwc-a-vs-b.png: mean RWC of every paired layer in run A and in run B, layers in A's depth order. */
import type { ChartConfiguration } from 'chart.js';
import { axisTitle, logAxisTicks, renderChartPng, titleOption } from '../../report/chart-canvas.js';
import { truncateLabel } from '../../report/canvas-draw.js';
import { forLogAxis } from '../../report/charts/rwc-clusters.js';
import { categoricalColor } from '../../report/colors.js';
import { shouldUseLogScale } from '../../report/scales.js';

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

export function layerMeansConfig(input: LayerMeansInput): ChartConfiguration {
  const log = shouldUseLogScale([...input.meanA, ...input.meanB]);
  const dataset = (label: string, values: readonly (number | null)[], i: number) => ({
    label,
    data: forLogAxis(values, log),
    borderColor: categoricalColor(i),
    backgroundColor: categoricalColor(i),
    borderWidth: 2,
    pointRadius: input.layers.length > 100 ? 1.5 : 4,
    pointStyle: i === 0 ? 'circle' : 'rectRot',
    tension: 0,
    spanGaps: false,
  });
  return {
    type: 'line',
    data: {
      labels: input.layers.map((l) => truncateLabel(l, 24)),
      datasets: [dataset(input.labelA, input.meanA, 0), dataset(input.labelB, input.meanB, 1)],
    },
    options: {
      plugins: {
        title: titleOption(input.title),
        legend: { display: true, position: 'top', labels: { usePointStyle: true, font: { size: 13 } } },
      },
      scales: {
        x: {
          title: axisTitle('paired layer (depth order of run A)'),
          ticks: { autoSkip: input.layers.length > MAX_NAMED_TICKS, maxRotation: 60, minRotation: 45 },
        },
        y: {
          type: log ? 'logarithmic' : 'linear',
          title: axisTitle(`mean ${input.valueLabel} over the compared epochs${log ? ' — log scale' : ''}`),
          ticks: log ? logAxisTicks() : {},
        },
      },
    },
  } as ChartConfiguration;
}

export function renderLayerMeans(input: LayerMeansInput): Buffer {
  return renderChartPng(layerMeansConfig(input));
}
