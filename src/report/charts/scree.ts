/** scree.png: k-means inertia for k = 1..kMax, with the chosen k marked. */
import type { ChartConfiguration } from 'chart.js';
import { axisTitle, linearAxisTicks, pageOnly, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { formatNumber } from '../scales.js';

export interface ScreeInput {
  title: string;
  /** inertia[i] is the inertia for k = i + 1. */
  inertia: readonly number[];
  chosenK: number;
  /** How k was chosen: by the elbow rule or fixed by --k. */
  how: 'auto' | 'fixed';
}

export function screeConfig(input: ScreeInput, view: ChartView = {}): ChartConfiguration {
  const ks = input.inertia.map((_, i) => String(i + 1));
  const chosenLabel = `chosen k = ${input.chosenK} (${input.how === 'auto' ? 'elbow' : 'fixed by --k'})`;
  return {
    type: 'line',
    data: {
      labels: ks,
      datasets: [
        {
          label: 'inertia (sum of squared distances to the nearest centre)',
          data: [...input.inertia],
          borderColor: '#1f77b4',
          backgroundColor: '#1f77b4',
          borderWidth: 2,
          pointRadius: 4,
        },
        {
          label: chosenLabel,
          data: input.inertia.map((v, i) => (i + 1 === input.chosenK ? v : null)),
          borderColor: '#d62728',
          backgroundColor: '#d62728',
          pointStyle: 'rectRot',
          pointRadius: 12,
          pointHoverRadius: 12,
          showLine: false,
        },
      ],
    },
    options: {
      plugins: {
        title: titleOption(`${input.title} — ${chosenLabel}`),
        legend: { display: true, labels: { usePointStyle: true, font: { size: 13 } } },
        ...pageOnly(view, {
          tooltip: {
            callbacks: {
              label: (item: TooltipItem) =>
                `k = ${item.label}: inertia ${formatNumber(item.raw)}${Number(item.label) === input.chosenK ? ' (chosen)' : ''}`,
            },
          },
        }),
      },
      scales: {
        x: { title: axisTitle('number of clusters k') },
        y: { beginAtZero: true, title: axisTitle('k-means inertia'), ticks: linearAxisTicks() },
      },
    },
  } as ChartConfiguration;
}
