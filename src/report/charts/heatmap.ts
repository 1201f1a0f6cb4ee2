/** rwc-heatmap.png: layers (rows, depth order) x epoch transitions (columns), colour = RWC on a log scale. */
import { MISSING_COLOR, rgbCss, sequentialColor } from '../colors.js';
import type { Rgb } from '../colors.js';
import {
  drawColorBar,
  drawTitle,
  drawVerticalText,
  paintCells,
  setFont,
  TEXT_COLOR,
  toPng,
  truncateLabel,
  whiteCanvas,
} from '../canvas-draw.js';
import { decadeTicks, formatNumber, logPosition, positiveRange } from '../scales.js';

export interface HeatmapInput {
  title: string;
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** values[row][column]; null = no value. */
  values: readonly (readonly (number | null)[])[];
}

/** Colour of one RWC value on the log scale from min to max; grey for null / non-positive values. */
export function logHeatColor(value: number | null, min: number, max: number): Rgb {
  const p = logPosition(value, min, max);
  return p === null ? MISSING_COLOR : sequentialColor(p);
}

/** Pixel height of one row: thin rows for many layers, so 500 layers still fit a readable image. */
export function rowHeightFor(rows: number): number {
  if (rows <= 40) return Math.max(16, Math.min(48, Math.floor(480 / Math.max(1, rows))));
  if (rows <= 120) return 6;
  if (rows <= 300) return 3;
  return 2;
}

const WIDTH = 1200;
const LABEL_FONT_PX = 11;
const MIN_LABEL_SPACING_PX = 14;
/** Smallest image height: a few layers give a short image rather than a small heatmap on a large white page. */
const MIN_HEIGHT = 420;
/** Cells at least this large get their value written in them. */
const VALUE_CELL_MIN_H = 20;
const VALUE_CELL_MIN_W = 56;

/** Ink for text on a cell of sequential colour at `position` (dark viridis end: white, light end: black). */
function textOn(position: number | null): string {
  return position !== null && position < 0.6 ? '#ffffff' : '#111111';
}

export function renderRwcHeatmap(input: HeatmapInput): Buffer {
  const rows = input.rowLabels.length;
  const columns = input.columnLabels.length;
  const rowPx = rowHeightFor(rows);
  const labels = input.rowLabels.map((l) => truncateLabel(l, 30));
  const top = 70;
  const bottom = 90;
  const height = Math.max(MIN_HEIGHT, top + rows * rowPx + bottom);
  const { canvas, ctx } = whiteCanvas(WIDTH, height);
  drawTitle(ctx, input.title, WIDTH, 12);

  const labelFontPx = rowPx >= 24 ? 13 : LABEL_FONT_PX;
  setFont(ctx, labelFontPx);
  const labelWidth = Math.min(260, Math.max(40, ...labels.map((l) => ctx.measureText(l).width)));
  const left = 50 + labelWidth + 8;
  const right = 140;
  const plot = { x: left, y: top, w: WIDTH - left - right, h: rows * rowPx };

  const range = positiveRange(input.values.flat());
  const min = range?.min ?? 1;
  const max = range?.max ?? 1;
  paintCells(ctx, plot, rows, columns, (r, c) => logHeatColor(input.values[r][c] ?? null, min, max));
  ctx.strokeStyle = '#444444';
  ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);

  // Values in the cells when they are large enough to hold them (few layers and transitions).
  const cellW = plot.w / Math.max(1, columns);
  if (range && rowPx >= VALUE_CELL_MIN_H && cellW >= VALUE_CELL_MIN_W) {
    setFont(ctx, 12);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const v = input.values[r][c] ?? null;
        ctx.fillStyle = v === null ? '#555555' : textOn(logPosition(v, min, max));
        ctx.fillText(formatNumber(v), plot.x + (c + 0.5) * cellW, plot.y + (r + 0.5) * rowPx, cellW - 4);
      }
    }
    setFont(ctx, labelFontPx);
  }

  // Row labels, sampled so they never overlap.
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const rowStep = Math.max(1, Math.ceil(MIN_LABEL_SPACING_PX / rowPx));
  for (let r = 0; r < rows; r += rowStep) {
    ctx.fillText(labels[r], plot.x - 6, plot.y + (r + 0.5) * rowPx);
  }
  drawVerticalText(
    ctx,
    rowStep > 1 ? `layer (depth order, every ${rowStep}th labelled)` : 'layer (depth order)',
    18,
    plot.y + plot.h / 2,
  );

  // Column labels, sampled to fit their width.
  setFont(ctx, labelFontPx);
  const widest = Math.max(1, ...input.columnLabels.map((l) => ctx.measureText(l).width));
  const colStep = Math.max(1, Math.ceil((widest + 10) / cellW));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let c = 0; c < columns; c += colStep) {
    ctx.fillText(input.columnLabels[c], plot.x + (c + 0.5) * cellW, plot.y + plot.h + 6);
  }
  setFont(ctx, 14);
  ctx.fillText('epoch transition (earlier→later checkpoint)', plot.x + plot.w / 2, plot.y + plot.h + 30);

  // Colour bar with decade ticks.
  const barRect = { x: WIDTH - right + 30, y: top + 30, w: 22, h: Math.min(400, Math.max(180, plot.h - 30)) };
  const ticks = range
    ? logBarTicks(min, max)
        .filter((v) => v >= min && v <= max)
        .map((v) => ({ position: logPosition(v, min, max) as number, label: formatNumber(v) }))
    : [];
  if (range) {
    ticks.push({ position: 0, label: formatNumber(min) }, { position: 1, label: formatNumber(max) });
  }
  drawColorBar(ctx, barRect, sequentialColor, dedupeTicks(ticks), 'RWC (log)');
  setFont(ctx, 12);
  ctx.fillStyle = rgbCss(MISSING_COLOR);
  ctx.fillRect(barRect.x, barRect.y + barRect.h + 20, barRect.w, 12);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText('no value', barRect.x + barRect.w + 8, barRect.y + barRect.h + 26);
  return toPng(canvas);
}

/**
 * Tick values of the log colour bar: powers of ten, plus 2 and 5 x 10^n when the range spans at most three
 * decades (a range like 0.0047..0.048 would otherwise show a single inner tick).
 */
export function logBarTicks(min: number, max: number): number[] {
  const decades = decadeTicks(min, max);
  if (Math.log10(max / min) > 3) return decades;
  return decades.flatMap((d) => [d, 2 * d, 5 * d]);
}

/** Drops decade ticks that crowd the min/max end labels (closer than 6% of the bar). */
function dedupeTicks(ticks: { position: number; label: string }[]) {
  const ends = ticks.slice(-2);
  const inner = ticks.slice(0, -2).filter((t) => ends.every((e) => Math.abs(e.position - t.position) > 0.06));
  return [...inner, ...ends].filter((t) => t.position >= 0 && t.position <= 1);
}
