/** Small helpers for charts drawn straight on a 2D canvas (heatmaps, tiles, colour bars). */
import { createCanvas } from 'canvas';
import type { Canvas, SKRSContext2D } from 'canvas';
import type { Rgb } from './colors.js';

export type Context = SKRSContext2D;

export { FONT, TEXT_COLOR, truncateLabel } from './text-style.js';
import { FONT, TEXT_COLOR } from './text-style.js';

/** A canvas of the given size, filled white. */
/** Every PNG the report writes is at least this large (the contract of the analyze report). */
export const MIN_WIDTH = 1000;
export const MIN_HEIGHT = 600;

/**
 * A white canvas for a drawing laid out in `width` x `height`. Smaller layouts get a canvas of the minimum size with
 * the drawing centred on it (the context is translated), so callers lay out only their content.
 */
export function whiteCanvas(width: number, height: number, minHeight = MIN_HEIGHT): { canvas: Canvas; ctx: Context } {
  const w = Math.round(width);
  const h = Math.round(height);
  const canvas = createCanvas(Math.max(w, MIN_WIDTH), Math.max(h, minHeight));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(Math.floor((canvas.width - w) / 2), Math.floor((canvas.height - h) / 2));
  ctx.fillStyle = TEXT_COLOR;
  return { canvas, ctx };
}

export function setFont(ctx: Context, sizePx: number, bold = false): void {
  ctx.font = `${bold ? 'bold ' : ''}${sizePx}px ${FONT}`;
}

/** Centered bold title at the top; returns the y below it. */
export function drawTitle(ctx: Context, text: string, width: number, top = 10, sizePx = 18): number {
  setFont(ctx, sizePx, true);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(text, width / 2, top, width - 20);
  return top + sizePx + 8;
}

/**
 * Paints a rows x columns matrix of colours into the rectangle (x, y, w, h): one pixel per cell into an
 * offscreen image, scaled up with nearest-neighbour sampling (sharp cell edges, fast for large matrices).
 */
export function paintCells(
  ctx: Context,
  rect: { x: number; y: number; w: number; h: number },
  rows: number,
  columns: number,
  colorAt: (row: number, column: number) => Rgb,
): void {
  if (rows === 0 || columns === 0) return;
  const cells = createCanvas(columns, rows);
  const cellsCtx = cells.getContext('2d');
  const image = cellsCtx.createImageData(columns, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const [red, green, blue] = colorAt(r, c);
      const o = (r * columns + c) * 4;
      image.data[o] = red;
      image.data[o + 1] = green;
      image.data[o + 2] = blue;
      image.data[o + 3] = 255;
    }
  }
  cellsCtx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, rect.x, rect.y, rect.w, rect.h);
  ctx.imageSmoothingEnabled = true;
}

export interface ColorBarTick {
  /** Position along the bar in [0, 1], 0 = bottom. */
  position: number;
  label: string;
}

/** Vertical colour bar (bottom = position 0) with tick marks and labels on its right, and a caption above. */
export function drawColorBar(
  ctx: Context,
  rect: { x: number; y: number; w: number; h: number },
  colorAt: (position: number) => Rgb,
  ticks: readonly ColorBarTick[],
  caption: string,
): void {
  const steps = Math.max(2, Math.round(rect.h));
  paintCells(ctx, rect, steps, 1, (row) => colorAt(1 - row / (steps - 1)));
  ctx.strokeStyle = '#444444';
  ctx.lineWidth = 1;
  ctx.strokeRect(rect.x + 0.5, rect.y + 0.5, rect.w - 1, rect.h - 1);
  setFont(ctx, 12);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const tick of ticks) {
    const ty = rect.y + rect.h - tick.position * rect.h;
    ctx.beginPath();
    ctx.moveTo(rect.x + rect.w, ty);
    ctx.lineTo(rect.x + rect.w + 5, ty);
    ctx.stroke();
    ctx.fillText(tick.label, rect.x + rect.w + 8, ty);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(caption, rect.x + rect.w / 2 + 10, rect.y - 8);
}

/** Text rotated by -90 degrees, centered at (x, y): vertical axis titles. */
export function drawVerticalText(ctx: Context, text: string, x: number, y: number, sizePx = 14): void {
  ctx.save();
  setFont(ctx, sizePx);
  ctx.fillStyle = TEXT_COLOR;
  ctx.translate(x, y);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 0, 0);
  ctx.restore();
}

export function toPng(canvas: Canvas): Buffer {
  return canvas.toBuffer('image/png');
}
