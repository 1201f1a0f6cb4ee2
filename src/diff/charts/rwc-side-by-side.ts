/**
 * rwc-side-by-side.png: the clustered RWC curves of run A and run B as two panels of one image, on one shared
 * y-scale. Each panel is the report's own rwc-clusters chart with its y-axis replaced by the shared one.
 */
import type { ChartConfiguration } from 'chart.js';
import { Image } from 'canvas';
import { axisTitle, logAxisTicks, renderChartPng } from '../../report/chart-canvas.js';
import { drawTitle, toPng, whiteCanvas } from '../../report/canvas-draw.js';
import { forLogAxis, rwcClustersConfig, type RwcClustersInput } from '../../report/charts/rwc-clusters.js';
import { sharedScale, type SharedScale } from './shared-scale.js';

export const PANEL_WIDTH = 1000;
export const PANEL_HEIGHT = 650;
const TITLE_HEIGHT = 50;

/** The panel's chart.js configuration on the shared y-scale. */
export function panelConfig(panel: RwcClustersInput, scale: SharedScale): ChartConfiguration {
  const config = rwcClustersConfig(panel);
  for (const dataset of config.data.datasets) {
    dataset.data = forLogAxis(dataset.data as (number | null)[], scale.log);
  }
  const scales = (config.options!.scales ?? {}) as Record<string, unknown>;
  scales.y = {
    type: scale.log ? 'logarithmic' : 'linear',
    min: scale.min,
    max: scale.max,
    title: axisTitle(`${panel.valueLabel}${scale.log ? ' — log scale' : ''} (same scale in both panels)`),
    ticks: scale.log ? logAxisTicks() : {},
  };
  config.options!.scales = scales as never;
  return config;
}

function decoded(png: Buffer): Image {
  const image = new Image();
  image.src = png;
  return image;
}

export function renderRwcSideBySide(title: string, panels: readonly [RwcClustersInput, RwcClustersInput]): Buffer {
  const scale = sharedScale(panels.flatMap((p) => p.series.flatMap((s) => s.values)));
  const width = PANEL_WIDTH * panels.length;
  const { canvas, ctx } = whiteCanvas(width, PANEL_HEIGHT + TITLE_HEIGHT);
  drawTitle(ctx, title, width, 14, 20);
  panels.forEach((panel, i) => {
    const png = renderChartPng(panelConfig(panel, scale), PANEL_WIDTH, PANEL_HEIGHT);
    ctx.drawImage(decoded(png), i * PANEL_WIDTH, TITLE_HEIGHT);
  });
  return toPng(canvas);
}
