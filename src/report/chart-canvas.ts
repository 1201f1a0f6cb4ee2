/** Renders chart.js configurations to PNG through chartjs-node-canvas (one cached renderer per size). */
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartConfiguration } from 'chart.js';
import { formatNumber } from './scales.js';

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 700;

const renderers = new Map<string, ChartJSNodeCanvas>();

function rendererFor(width: number, height: number): ChartJSNodeCanvas {
  const key = `${width}x${height}`;
  let renderer = renderers.get(key);
  if (!renderer) {
    // Constructing one loads a fresh chart.js; reuse it for every chart of this size.
    renderer = new ChartJSNodeCanvas({ width, height, backgroundColour: 'white' });
    renderers.set(key, renderer);
  }
  return renderer;
}

/** Renders `config` (animation and responsiveness forced off) to a PNG buffer. */
export function renderChartPng(
  config: ChartConfiguration,
  width: number = CHART_WIDTH,
  height: number = CHART_HEIGHT,
): Buffer {
  const options = { ...(config.options ?? {}), animation: false as const, responsive: false, devicePixelRatio: 1 };
  const finalConfig = { ...config, options } as ChartConfiguration;
  // chartjs-node-canvas types its argument with chart.js/auto's ChartConfiguration, the same type re-exported.
  return rendererFor(width, height).renderToBufferSync(finalConfig as never, 'image/png');
}

/** Chart.js title option with our font settings. */
export function titleOption(text: string | string[]) {
  return { display: true, text, font: { size: 18, weight: 'bold' as const }, padding: { top: 8, bottom: 8 } };
}

/** Chart.js axis title option. */
export function axisTitle(text: string) {
  return { display: true, text, font: { size: 14 } };
}

/** Whether `v` is 1, 2 or 5 times a power of ten (the labelled ticks of a log axis). */
export function isOneTwoFive(v: number): boolean {
  if (!(v > 0) || !Number.isFinite(v)) return false;
  const mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6);
}

/** Tick options of a log axis: labels only at 1, 2, 5 x 10^n, short number format. */
export function logAxisTicks() {
  return { callback: (value: number | string) => (isOneTwoFive(Number(value)) ? formatNumber(Number(value)) : '') };
}
