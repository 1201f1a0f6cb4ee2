/**
 * Renders chart.js configurations to PNG through chartjs-node-canvas (one cached renderer per size). The option
 * helpers (titles, axis ticks) live in chart-options.ts, which the page bundle shares; they are re-exported here.
 */
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartConfiguration } from 'chart.js';
export * from './chart-options.js';

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
