/** distance-from-init.png and distance-every-k.png: L2 and L1 norm distances between checkpoints. */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { axisTitle, linearAxisTicks, pageOnly, subtitleOption, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { FONT } from '../text-style.js';
import { formatNumber } from '../scales.js';

export interface DistanceSeriesInput {
  title: string;
  /** One line under the title (e.g. that there is only one pair); none when omitted. */
  note?: string;
  xTitle: string;
  xLabels: readonly string[];
  /** null: undefined at that checkpoint (NaN/Inf weights); drawn as a gap. */
  l2: readonly (number | null)[];
  l1: readonly (number | null)[];
  /** 'line' for a series over epochs, 'bar' for separate checkpoint pairs. */
  kind: 'line' | 'bar';
}

/** Bars are labelled with their value up to this many pairs. */
export const MAX_LABELLED_BARS = 24;
/** Bars are at most this wide, so one or two pairs do not fill the chart with two huge blocks. */
export const MAX_BAR_PX = 90;

/** Each bar's value written above it. */
function barValuesPlugin(): Plugin {
  return {
    id: 'weightscaleBarValues',
    afterDatasetsDraw(chart: Chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = `12px ${FONT}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      chart.data.datasets.forEach((dataset, di) => {
        ctx.fillStyle = String(dataset.borderColor ?? '#222222');
        chart.getDatasetMeta(di).data.forEach((element, i) => {
          const v = dataset.data[i];
          if (typeof v === 'number' && Number.isFinite(v)) ctx.fillText(formatNumber(v), element.x, element.y - 3);
        });
      });
      ctx.restore();
    },
  };
}

/** Two series on two y-axes: L2 (left, blue) and L1 (right, orange). */
export function distanceConfig(input: DistanceSeriesInput, view: ChartView = {}): ChartConfiguration {
  const bars = input.kind === 'bar';
  const labelled = bars && input.xLabels.length <= MAX_LABELLED_BARS;
  // With few pairs, a narrow category keeps each pair's two bars side by side instead of far apart.
  const categoryPercentage = Math.min(0.8, 0.2 * Math.max(1, input.xLabels.length));
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
          borderWidth: bars ? 0 : 2.5,
          pointRadius: 4,
          maxBarThickness: MAX_BAR_PX,
          categoryPercentage,
        },
        {
          label: 'L1 distance ‖Δw‖₁ (right axis)',
          data: [...input.l1],
          yAxisID: 'l1',
          borderColor: '#ff7f0e',
          backgroundColor: '#ff7f0e',
          borderWidth: bars ? 0 : 2.5,
          pointRadius: 4,
          pointStyle: 'rect',
          maxBarThickness: MAX_BAR_PX,
          categoryPercentage,
        },
      ],
    },
    options: {
      plugins: {
        title: titleOption(input.title),
        subtitle: subtitleOption(input.note ?? ''),
        legend: { display: true, labels: { font: { size: 13 } } },
        ...pageOnly(view, {
          tooltip: { callbacks: { label: (item: TooltipItem) => `${item.dataset.label}: ${formatNumber(item.raw)}` } },
        }),
      },
      ...pageOnly(view, { interaction: { mode: 'index', intersect: false } }),
      scales: {
        x: { title: axisTitle(input.xTitle) },
        l2: {
          type: 'linear',
          position: 'left',
          beginAtZero: true,
          // Head room for the value labels above the bars.
          grace: labelled ? '8%' : 0,
          title: { ...axisTitle('L2 distance'), color: '#1f77b4' },
          ticks: { ...linearAxisTicks(), color: '#1f77b4' },
        },
        l1: {
          type: 'linear',
          position: 'right',
          beginAtZero: true,
          grace: labelled ? '8%' : 0,
          title: { ...axisTitle('L1 distance'), color: '#ff7f0e' },
          ticks: { ...linearAxisTicks(), color: '#ff7f0e' },
          grid: { drawOnChartArea: false },
        },
      },
    },
    plugins: labelled && !view.page ? [barValuesPlugin()] : [],
  } as ChartConfiguration;
}
