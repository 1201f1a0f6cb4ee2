/**
 * chart.js option helpers shared by every chart module and both outputs (PNG and page): titles, axis titles, tick
 * labels of log and linear axes, and the few rules that decide a chart's look from its data. Pure, browser-safe.
 */
import type { ChartDataset, ChartType } from 'chart.js';
import { formatNumber, positiveRange } from './scales.js';

/** Above this many series a line chart draws thin, translucent lines (a hundred full-width lines are a blot). */
export const MANY_SERIES = 40;

/**
 * Which output a chart configuration is for. `page`: drawn by chart.js in index.html, which shows the title in the
 * figure caption, and adds tooltips; `log` forces the y-axis scale (the page's log/linear switch), else the data
 * decide (scales.ts shouldUseLogScale).
 */
export interface ChartView {
  page?: boolean;
  log?: boolean;
}

/** `options` on the page, nothing in the PNG: tooltips, hover and interaction modes. */
export function pageOnly<T extends object>(view: ChartView, options: T): T | Record<string, never> {
  return view.page ? options : {};
}

/** A share in [0, 1] as a percentage with one decimal, "–" when missing. */
export function formatShare(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`;
}

/** A chart.js dataset with the page's own fields (layer names, raw values, group), which chart.js ignores. */
export type PageDataset<T extends ChartType> = ChartDataset<T> & Record<string, unknown>;

/** What a tooltip callback receives (the fields the chart modules read); datasets carry their own extra fields. */
export interface TooltipItem {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  dataset: any;
  dataIndex: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  raw: any;
  label: string;
}

/** Colour of chart titles: as dark as the titles drawn straight on a canvas (chart.js defaults to grey). */
const TITLE_COLOR = '#222222';

/** Chart.js title option with our font settings. */
export function titleOption(text: string | string[]) {
  return {
    display: true,
    text,
    color: TITLE_COLOR,
    font: { size: 18, weight: 'bold' as const },
    padding: { top: 8, bottom: 4 },
  };
}

/** Chart.js subtitle option (one line of explanation under the title); hidden when `text` is empty. */
export function subtitleOption(text: string) {
  return { display: text.length > 0, text, color: '#444444', font: { size: 13 }, padding: { bottom: 8 } };
}

/** Chart.js axis title option. */
export function axisTitle(text: string) {
  return { display: true, text, color: '#333333', font: { size: 14 } };
}

/** Whether `v` is 1, 2 or 5 times a power of ten (the labelled ticks of a log axis). */
export function isOneTwoFive(v: number): boolean {
  if (!(v > 0) || !Number.isFinite(v)) return false;
  const mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6);
}

/** Whether `v` is a power of ten. */
export function isPowerOfTen(v: number): boolean {
  if (!(v > 0) || !Number.isFinite(v)) return false;
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9;
}

/** Above this many decades a log axis labels only the powers of ten (1, 2, 5 x 10^n would crowd). */
export const MAX_DECADES_FOR_125 = 6;

/**
 * Tick options of a log axis: labels at 1, 2, 5 x 10^n (only at 10^n when the positive `values` span more than
 * MAX_DECADES_FOR_125 decades), short number format. autoSkip is off: chart.js would otherwise drop ticks
 * evenly before our callback sees them, leaving decades (e.g. 1e-5) without a label.
 */
export function logAxisTicks(values: Iterable<number | null> = []) {
  const range = positiveRange(values);
  const sparse = range !== null && Math.log10(range.max / range.min) > MAX_DECADES_FOR_125;
  return {
    autoSkip: false,
    callback: (value: number | string) => {
      const v = Number(value);
      return (sparse ? isPowerOfTen(v) : isOneTwoFive(v)) ? formatNumber(v) : '';
    },
  };
}

/**
 * Label of a linear-axis tick `v` when ticks are `step` apart: as many decimals as the step needs (so adjacent
 * ticks differ), exponent form for magnitudes below 1e-3 or from 1e5, "0" for float noise around zero
 * (chart.js otherwise prints ticks like "-1.700000E-21" or "4.500000E-5").
 */
export function formatTick(v: number, step: number): string {
  if (!Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a === 0 || (step > 0 && a < step * 1e-6)) return '0';
  const stepExp = step > 0 && Number.isFinite(step) ? Math.floor(Math.log10(step) + 1e-9) : Math.floor(Math.log10(a)) - 2;
  const mantissa = step > 0 ? step / Math.pow(10, stepExp) : 1;
  const extra = Math.abs(mantissa - Math.round(mantissa)) > 1e-6 ? 1 : 0;
  if (a < 1e-3 || a >= 1e5) {
    const digits = Math.max(0, Math.min(6, Math.floor(Math.log10(a) + 1e-9) - stepExp + extra));
    return v.toExponential(digits).replace(/\.0+e/, 'e').replace('e+', 'e');
  }
  return v.toFixed(Math.max(0, Math.min(10, extra - stepExp)));
}

/** Tick options of a linear axis, labelled with formatTick. */
export function linearAxisTicks() {
  return {
    callback: (value: number | string, index: number, ticks: readonly { value: number }[]) => {
      const step = ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : 0;
      return formatTick(Number(value), step);
    },
  };
}
