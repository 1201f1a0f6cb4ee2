/** distance-from-init.png and distance-every-k.png: L2 and L1 norm distances between checkpoints. */
import type { ChartConfiguration } from 'chart.js';
import { axisTitle, renderChartPng, titleOption } from '../chart-canvas.js';

export interface DistanceSeriesInput {
  title: string;
  xTitle: string;
  xLabels: readonly string[];
  l2: readonly number[];
  l1: readonly number[];
  /** 'line' for a series over epochs, 'bar' for separate checkpoint pairs. */
  kind: 'line' | 'bar';
}

/** Two series on two y-axes: L2 (left, blue) and L1 (right, orange). */
export function distanceConfig(input: DistanceSeriesInput): ChartConfiguration {
  return {
    type: input.kind,
    data: {
      labels: [...input.xLabels],
      datasets: [
        {
          label: 'L2 distance ‖Δw‖₂ (left axis)',
          data: [...input.l2],
          yAxisID: 'l2',
          borderColor: '#1f77b4',
          backgroundColor: '#1f77b4',
          borderWidth: 2.5,
          pointRadius: 4,
        },
        {
          label: 'L1 distance ‖Δw‖₁ (right axis)',
          data: [...input.l1],
          yAxisID: 'l1',
          borderColor: '#ff7f0e',
          backgroundColor: '#ff7f0e',
          borderWidth: 2.5,
          pointRadius: 4,
          pointStyle: 'rect',
        },
      ],
    },
    options: {
      plugins: { title: titleOption(input.title), legend: { display: true, labels: { font: { size: 13 } } } },
      scales: {
        x: { title: axisTitle(input.xTitle) },
        l2: {
          type: 'linear',
          position: 'left',
          beginAtZero: true,
          title: { ...axisTitle('L2 distance'), color: '#1f77b4' },
          ticks: { color: '#1f77b4' },
        },
        l1: {
          type: 'linear',
          position: 'right',
          beginAtZero: true,
          title: { ...axisTitle('L1 distance'), color: '#ff7f0e' },
          ticks: { color: '#ff7f0e' },
          grid: { drawOnChartArea: false },
        },
      },
    },
  } as ChartConfiguration;
}

export function renderDistance(input: DistanceSeriesInput): Buffer {
  return renderChartPng(distanceConfig(input));
}
