/**
 * A rows x columns matrix as a heatmap on a diverging colour scale symmetric around 0 (blue negative, near-white 0,
 * red positive), with a colour bar. Used for the RWC difference and the cross-run feature correlation.
 */
import { divergingColor, MISSING_COLOR, rgbCss, type Rgb } from '../../report/colors.js';
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
} from '../../report/canvas-draw.js';
import { rowHeightFor } from '../../report/charts/heatmap.js';
import { formatNumber } from '../../report/scales.js';

export interface DivergingHeatmapInput {
  title: string;
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** values[row][column]; null = no value (grey). */
  values: readonly (readonly (number | null)[])[];
  /** The colour scale spans [-limit, limit] (> 0); values beyond are drawn at the ends. */
  limit: number;
  xTitle: string;
  yTitle: string;
  /** Caption of the colour bar. */
  valueTitle: string;
}

/** Colour of `value` on the scale [-limit, limit]; grey for null and non-finite values. */
export function divergingCellColor(value: number | null, limit: number): Rgb {
  if (value === null || !Number.isFinite(value)) return MISSING_COLOR;
  return divergingColor(value / limit);
}

/** Largest |value| over the finite values; 1 when there is none or all are 0 (so 0 stays near-white). */
export function symmetricLimit(values: Iterable<number | null>): number {
  let limit = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) limit = Math.max(limit, Math.abs(v));
  return limit > 0 ? limit : 1;
}

const WIDTH = 1200;
/** Few rows are stretched to fill this height; many rows get the report heatmap's thin rows. */
const PLOT_HEIGHT = 460;
const LABEL_FONT_PX = 11;
const MIN_LABEL_SPACING_PX = 14;

export function renderDivergingHeatmap(input: DivergingHeatmapInput): Buffer {
  const rows = input.rowLabels.length;
  const columns = input.columnLabels.length;
  const rowPx = Math.max(rowHeightFor(rows), Math.floor(PLOT_HEIGHT / Math.max(1, rows)));
  const labels = input.rowLabels.map((l) => truncateLabel(l, 30));
  const top = 70;
  const bottom = 90;
  const height = Math.max(600, top + rows * rowPx + bottom);
  const { canvas, ctx } = whiteCanvas(WIDTH, height);
  drawTitle(ctx, input.title, WIDTH, 12, 17);

  setFont(ctx, LABEL_FONT_PX);
  const labelWidth = Math.min(260, Math.max(30, ...labels.map((l) => ctx.measureText(l).width)));
  const left = 50 + labelWidth + 8;
  const right = 180;
  const plot = { x: left, y: top, w: WIDTH - left - right, h: rows * rowPx };
  paintCells(ctx, plot, rows, columns, (r, c) => divergingCellColor(input.values[r][c] ?? null, input.limit));
  ctx.strokeStyle = '#444444';
  ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);

  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const rowStep = Math.max(1, Math.ceil(MIN_LABEL_SPACING_PX / rowPx));
  for (let r = 0; r < rows; r += rowStep) ctx.fillText(labels[r], plot.x - 6, plot.y + (r + 0.5) * rowPx);
  drawVerticalText(ctx, rowStep > 1 ? `${input.yTitle} (every ${rowStep}th labelled)` : input.yTitle, 18, plot.y + plot.h / 2);

  const cellW = plot.w / Math.max(1, columns);
  const widest = Math.max(1, ...input.columnLabels.map((l) => ctx.measureText(l).width));
  const colStep = Math.max(1, Math.ceil((widest + 10) / cellW));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let c = 0; c < columns; c += colStep) ctx.fillText(input.columnLabels[c], plot.x + (c + 0.5) * cellW, plot.y + plot.h + 6);
  setFont(ctx, 14);
  ctx.fillText(input.xTitle, plot.x + plot.w / 2, plot.y + plot.h + 30);

  const bar = { x: WIDTH - right + 50, y: top + 30, w: 22, h: Math.min(400, Math.max(200, plot.h - 30)) };
  const ticks = [-1, -0.5, 0, 0.5, 1].map((f) => ({ position: (f + 1) / 2, label: formatNumber(f * input.limit) }));
  drawColorBar(ctx, bar, (p) => divergingColor(2 * p - 1), ticks, input.valueTitle);
  setFont(ctx, 12);
  ctx.fillStyle = rgbCss(MISSING_COLOR);
  ctx.fillRect(bar.x, bar.y + bar.h + 20, bar.w, 12);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText('no value', bar.x + bar.w + 8, bar.y + bar.h + 26);
  return toPng(canvas);
}
