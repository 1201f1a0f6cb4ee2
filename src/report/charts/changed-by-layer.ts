/** changed-by-layer.png: per layer (depth order), the fraction of its weights with |w_T - w_0| > 1e-6. */
import type { ChartConfiguration } from 'chart.js';
import { categoricalColor } from '../colors.js';
import { axisTitle, formatShare, pageOnly, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { truncateLabel } from '../text-style.js';

export interface LayerFraction {
  name: string;
  primitive: string;
  /** null: the layer has no value at this tolerance. */
  fraction: number | null;
}

export interface ChangedByLayerInput {
  title: string;
  /** Layers in depth order. */
  layers: readonly LayerFraction[];
}

export const MAX_NAMED_BARS = 40;

/** "1 layer", "3 layers". */
export function layerCount(n: number): string {
  return `${n} layer${n === 1 ? '' : 's'}`;
}

export function changedByLayerConfig(input: ChangedByLayerInput, view: ChartView = {}): ChartConfiguration {
  const primitives = [...new Set(input.layers.map((l) => l.primitive))];
  const colorOf = (p: string) => categoricalColor(primitives.indexOf(p));
  const named = input.layers.length <= MAX_NAMED_BARS;
  return {
    type: 'bar',
    data: {
      labels: input.layers.map((l, i) => (named ? truncateLabel(l.name, 32) : String(i))),
      datasets: [
        {
          label: 'fraction changed',
          layers: input.layers.map((l) => l.name),
          data: input.layers.map((l) => l.fraction),
          backgroundColor: input.layers.map((l) => colorOf(l.primitive)),
          categoryPercentage: 0.9,
          barPercentage: 1,
        },
      ],
    },
    options: {
      plugins: {
        title: titleOption(input.title),
        legend: {
          display: true,
          labels: {
            font: { size: 13 },
            generateLabels: () =>
              primitives.map((p, i) => ({
                text: `${p} (${layerCount(input.layers.filter((l) => l.primitive === p).length)})`,
                fillStyle: colorOf(p),
                strokeStyle: colorOf(p),
                lineWidth: 0,
                hidden: false,
                datasetIndex: 0,
                index: i,
              })),
          },
        },
        ...pageOnly(view, {
          tooltip: {
            callbacks: {
              title: (items: TooltipItem[]) => (items.length ? items[0].dataset.layers[items[0].dataIndex] : ''),
              label: (item: TooltipItem) => `changed by more than 1e-6: ${formatShare(item.raw)}`,
            },
          },
        }),
      },
      scales: {
        x: {
          title: axisTitle(named ? 'layer (depth order)' : 'layer depth ordinal (0 = input side)'),
          ticks: named ? { autoSkip: false, maxRotation: 60, minRotation: 45 } : { autoSkip: true, maxRotation: 0 },
        },
        y: { min: 0, max: 1, title: axisTitle('fraction of weights changed') },
      },
    },
  } as unknown as ChartConfiguration;
}
