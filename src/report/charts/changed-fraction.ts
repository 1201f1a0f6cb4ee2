/** changed-fraction.png: fraction of weights with |w_T - w_0| > tol, per tolerance, overall and per primitive. */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import type { ChangedFraction } from '../../analyze/types.js';
import { categoricalColor } from '../colors.js';
import { axisTitle, formatShare, pageOnly, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { FONT } from '../text-style.js';

/** Where tol = 0 is drawn on the log10(tol) axis: two decades left of the smallest positive tolerance. */
const ZERO_DECADES_LEFT = 2;

export interface ChangedFractionCurve {
  label: string;
  fractions: ChangedFraction;
}

export interface ChangedFractionInput {
  title: string;
  /** The first curve is drawn as the overall one (black, thick). */
  curves: readonly ChangedFractionCurve[];
}

/** The (tolerance, fraction) pairs of a ChangedFraction record, sorted by tolerance; keys parsed as numbers. */
export function toleranceEntries(fractions: ChangedFraction): { tol: number; fraction: number }[] {
  return Object.entries(fractions)
    .map(([key, fraction]) => ({ tol: Number(key), fraction }))
    .filter((e): e is { tol: number; fraction: number } => Number.isFinite(e.tol) && e.tol >= 0 && Number.isFinite(e.fraction))
    .sort((a, b) => a.tol - b.tol);
}

/** Human label of a tolerance: "0", "1e-8", "1e-6", "1e-4", "0.01"-style exponent form. */
export function toleranceLabel(tol: number): string {
  if (tol === 0) return '0';
  const e = Math.log10(tol);
  return Number.isInteger(e) ? `1e${e}` : tol.toExponential(1);
}

/** A dashed vertical line at x = `at` (axis units) across the chart area, marking the break before "0". */
function axisBreakPlugin(at: number): Plugin {
  return {
    id: 'weightscaleAxisBreak',
    afterDatasetsDraw(chart: Chart) {
      const x = chart.scales.x.getPixelForValue(at);
      const { top, bottom } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#888888';
      ctx.setLineDash([6, 5]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#666666';
      ctx.font = `12px ${FONT}`;
      ctx.textAlign = 'center';
      ctx.fillText('axis break', x, bottom - 8);
      ctx.restore();
    },
  };
}

export function changedFractionConfig(input: ChangedFractionInput, view: ChartView = {}): ChartConfiguration {
  const tols = [...new Set(input.curves.flatMap((c) => toleranceEntries(c.fractions).map((e) => e.tol)))].sort(
    (a, b) => a - b,
  );
  const positive = tols.filter((t) => t > 0);
  const zeroAt = (positive.length ? Math.floor(Math.log10(positive[0])) : 0) - ZERO_DECADES_LEFT;
  const xOf = (tol: number) => (tol === 0 ? zeroAt : Math.log10(tol));
  const positions = tols.map(xOf);
  const labelAt = new Map(tols.map((t) => [xOf(t), toleranceLabel(t)]));
  return {
    type: 'scatter',
    data: {
      datasets: input.curves.map((curve, i) => ({
        label: curve.label,
        data: toleranceEntries(curve.fractions).map((e) => ({ x: xOf(e.tol), y: e.fraction })),
        showLine: true,
        borderColor: i === 0 ? '#000000' : categoricalColor(i - 1),
        backgroundColor: i === 0 ? '#000000' : categoricalColor(i - 1),
        borderWidth: i === 0 ? 3.5 : 2,
        pointRadius: i === 0 ? 5 : 3.5,
      })),
    },
    options: {
      plugins: {
        title: titleOption(input.title),
        legend: { display: true, labels: { font: { size: 13 } } },
        ...pageOnly(view, {
          tooltip: {
            callbacks: {
              title: (items: TooltipItem[]) => (items.length ? `tol ${labelAt.get(items[0].raw.x) ?? ''}` : ''),
              label: (item: TooltipItem) => `${item.dataset.label}: ${formatShare(item.raw.y)}`,
            },
          },
        }),
      },
      scales: {
        x: {
          type: 'linear',
          min: Math.min(...positions) - 0.5,
          max: Math.max(...positions) + 0.5,
          title: axisTitle('tolerance tol (log scale; "0" = any change at all, drawn left of the axis break)'),
          afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
            axis.ticks = positions.map((value) => ({ value }));
          },
          ticks: { callback: (value: number | string) => labelAt.get(Number(value)) ?? '', font: { size: 13 } },
        },
        y: { min: 0, max: 1, title: axisTitle('fraction of weights with |w_T − w_0| > tol') },
      },
    },
    plugins: tols[0] === 0 && positive.length > 0 ? [axisBreakPlugin((zeroAt + Math.log10(positive[0])) / 2)] : [],
  } as ChartConfiguration;
}
