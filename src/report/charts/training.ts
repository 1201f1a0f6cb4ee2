/** training.png: train/test loss (left axis) and accuracy (right axis) per epoch, from the run's run.json. */
import type { ChartConfiguration } from 'chart.js';
import { axisTitle, formatShare, linearAxisTicks, pageOnly, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { formatNumber } from '../scales.js';

export interface TrainingInput {
  title: string;
  epochs: readonly number[];
  trainLoss: readonly (number | null)[];
  testLoss: readonly (number | null)[];
  trainAccuracy: readonly (number | null)[];
  testAccuracy: readonly (number | null)[];
}

export function trainingConfig(input: TrainingInput, view: ChartView = {}): ChartConfiguration {
  const line = (label: string, data: readonly (number | null)[], color: string, dashed: boolean, axis: 'loss' | 'acc') => ({
    label,
    data: [...data],
    borderColor: color,
    backgroundColor: color,
    borderDash: dashed ? [8, 5] : undefined,
    borderWidth: 2.5,
    pointRadius: 3.5,
    spanGaps: true,
    yAxisID: axis,
  });
  return {
    type: 'line',
    data: {
      labels: input.epochs.map(String),
      datasets: [
        line('train loss', input.trainLoss, '#1f77b4', false, 'loss'),
        line('test loss', input.testLoss, '#1f77b4', true, 'loss'),
        line('train accuracy', input.trainAccuracy, '#2ca02c', false, 'acc'),
        line('test accuracy', input.testAccuracy, '#2ca02c', true, 'acc'),
      ],
    },
    options: {
      plugins: {
        title: titleOption(input.title),
        legend: { display: true, position: 'top' },
        ...pageOnly(view, {
          tooltip: {
            callbacks: {
              label: (item: TooltipItem) =>
                `${item.dataset.label}: ${item.dataset.yAxisID === 'acc' ? formatShare(item.raw) : formatNumber(item.raw)}`,
            },
          },
        }),
      },
      ...pageOnly(view, { interaction: { mode: 'index', intersect: false } }),
      scales: {
        x: { title: axisTitle('epoch') },
        loss: { type: 'linear', position: 'left', title: axisTitle('loss'), ticks: linearAxisTicks() },
        acc: {
          type: 'linear',
          position: 'right',
          min: 0,
          max: 1,
          title: axisTitle('accuracy'),
          grid: { drawOnChartArea: false },
          ticks: { callback: (v: number | string) => `${Math.round(Number(v) * 100)}%` },
        },
      },
    },
  } as ChartConfiguration;
}
