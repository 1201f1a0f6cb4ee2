/**
 * rwc-side-by-side.png: the clustered RWC curves of run A and run B as two panels of one image, on one shared
 * y-scale (report/charts/rwc-pair.ts, which the page draws too).
 */
import { Image } from 'canvas';
import { renderChartPng } from '../../report/chart-canvas.js';
import { drawTitle, toPng, whiteCanvas } from '../../report/canvas-draw.js';
import type { RwcClustersInput } from '../../report/charts/rwc-clusters.js';
import { pairScale, panelConfig } from '../../report/charts/rwc-pair.js';

export const PANEL_WIDTH = 1000;
export const PANEL_HEIGHT = 650;
const TITLE_HEIGHT = 50;

function decoded(png: Buffer): Image {
  const image = new Image();
  image.src = png;
  return image;
}

export function renderRwcSideBySide(title: string, panels: readonly [RwcClustersInput, RwcClustersInput]): Buffer {
  const scale = pairScale(panels);
  const width = PANEL_WIDTH * panels.length;
  const { canvas, ctx } = whiteCanvas(width, PANEL_HEIGHT + TITLE_HEIGHT);
  drawTitle(ctx, title, width, 14, 20);
  panels.forEach((panel, i) => {
    const png = renderChartPng(panelConfig(panel, scale), PANEL_WIDTH, PANEL_HEIGHT);
    ctx.drawImage(decoded(png), i * PANEL_WIDTH, TITLE_HEIGHT);
  });
  return toPng(canvas);
}
