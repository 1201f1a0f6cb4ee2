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

/** The two norms, each with its own y-axis, colour and legend label. */
const NORMS = {
  l2: { label: 'L2 distance ‖Δw‖₂ (left axis)', axis: 'L2 distance', position: 'left', color: '#1f77b4' },
  l1: { label: 'L1 distance ‖Δw‖₁ (right axis)', axis: 'L1 distance', position: 'right', color: '#ff7f0e' },
} as const;

function distanceDataset(norm: keyof typeof NORMS, data: readonly (number | null)[], bars: boolean) {
  const { label, color } = NORMS[norm];
  return {
    label,
    data: [...data],
    yAxisID: norm,
    borderColor: color,
    backgroundColor: color,
    borderWidth: bars ? 0 : 2.5,
    pointRadius: 4,
    maxBarThickness: MAX_BAR_PX,
  };
}

function distanceAxis(norm: keyof typeof NORMS, labelled: boolean) {
  const { axis, position, color } = NORMS[norm];
  return {
    type: 'linear',
    position,
    beginAtZero: true,
    // Head room for the value labels above the bars.
    grace: labelled ? '8%' : 0,
    title: { ...axisTitle(axis), color },
    ticks: { ...linearAxisTicks(), color },
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
        { ...distanceDataset('l2', input.l2, bars), categoryPercentage },
        { ...distanceDataset('l1', input.l1, bars), pointStyle: 'rect', categoryPercentage },
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
        l2: distanceAxis('l2', labelled),
        l1: { ...distanceAxis('l1', labelled), grid: { drawOnChartArea: false } },
      },
    },
    plugins: labelled && !view.page ? [barValuesPlugin()] : [],
  } as ChartConfiguration;
}
