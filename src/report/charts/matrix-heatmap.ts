/**
 * The one canvas-drawn matrix heatmap behind rwc-heatmap.png, feature-correlation.png and the diff page's
 * heatmaps: title (and subtitle), cells, optional values in the cells, row and column labels (sampled so they never
 * overlap), axis titles, colour bar with ticks and an optional "no value" legend. The colour scale is a parameter.
 */
import { divergingColor, MISSING_COLOR, rgbCss, type Rgb } from '../colors.js';
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
  type ColorBarTick,
} from '../canvas-draw.js';
import { formatNumber } from '../scales.js';

/** How values become colours, and the colour bar that explains it. */
export interface ColorScale {
  /** Colour of a cell's value (null: no value). */
  cellColor: (value: number | null) => Rgb;
  /** Colour at a position along the bar, 0 = bottom, 1 = top. */
  barColor: (position: number) => Rgb;
  ticks: readonly ColorBarTick[];
  /** Caption above the bar. */
  caption: string;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Gaps between the plot and its labels. */
export interface LabelSpacing {
  /** Row labels end, and column labels start, this far from the plot. */
  tick: number;
  /** Least free space between two column labels. */
  columnPad: number;
  /** Top of the column-axis title, below the plot. */
  xTitle: number;
  /** x of the centre of the (vertical) row-axis title. */
  yTitleX: number;
}

const SPACING: LabelSpacing = { tick: 6, columnPad: 10, xTitle: 30, yTitleX: 18 };

/**
 * Rows of `rowPx` pixels under the title; the image is as tall as its rows and its colour bar need (no empty band
 * for a few rows), the row labels' width decides where the plot starts, and the colour bar sits in the right margin.
 */
export interface RowsLayout {
  kind: 'rows';
  rowPx: number;
  labelFontPx: number;
  /** The plot starts right of at least this much label width. */
  minLabelWidth: number;
  /** Right margin, holding the colour bar. */
  right: number;
  /** The colour bar starts this far into the right margin. */
  barInset: number;
  barMinHeight: number;
}

/** A plot and colour bar at fixed places on an image of fixed height (the square correlation matrix). */
/** The layout of a one-row-per-layer (or per-block) heatmap with a log colour bar: rows `rowPx` tall. */
export function rowsLayout(rowPx: number): RowsLayout {
  return { kind: 'rows', rowPx, labelFontPx: rowPx >= 24 ? 13 : 11, minLabelWidth: 40, right: 140, barInset: 30, barMinHeight: 180 };
}

export interface FixedLayout {
  kind: 'fixed';
  height: number;
  plot: Rect;
  bar: Rect;
  labelFontPx: number;
  spacing: LabelSpacing;
}

export interface MatrixHeatmapInput {
  title: string;
  /** Title font size; 18 when absent. */
  titlePx?: number;
  /** A line of smaller text under the title. */
  subtitle?: string;
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** Value of a cell; null = no value. */
  value: (row: number, column: number) => number | null;
  scale: ColorScale;
  /** When given, cells large enough to hold it get their value written in them, in this ink. */
  valueInk?: (value: number) => string;
  /** Title of the column axis. */
  xTitle: string;
  /** Title of the row axis, given the step between labelled rows (1: every row labelled). */
  yTitle: (rowStep: number) => string;
  /** A grey "no value" swatch under the colour bar. */
  missingLegend: boolean;
  layout: RowsLayout | FixedLayout;
}

const WIDTH = 1200;
const TOP = 70;
const BOTTOM = 90;
const MIN_LABEL_SPACING_PX = 14;
/** Cells at least this large get their value written in them. */
const VALUE_CELL_MIN_H = 20;
const VALUE_CELL_MIN_W = 56;

/** Pixel height of one row: thin rows for many layers, so 500 layers still fit a readable image. */
export function rowHeightFor(rows: number): number {
  if (rows <= 40) return Math.max(16, Math.min(48, Math.floor(480 / Math.max(1, rows))));
  if (rows <= 120) return 6;
  if (rows <= 300) return 3;
  return 2;
}

/** Colour of `value` on the diverging scale [-limit, limit]; grey for null and non-finite values. */
export function divergingCellColor(value: number | null, limit: number): Rgb {
  if (value === null || !Number.isFinite(value)) return MISSING_COLOR;
  return divergingColor(value / limit);
}

/** Diverging scale symmetric around 0 (blue negative, near-white 0, red positive) over [-limit, limit]. */
export function divergingScale(limit: number, caption: string): ColorScale {
  return {
    cellColor: (v) => divergingCellColor(v, limit),
    barColor: (p) => divergingColor(2 * p - 1),
    ticks: [-1, -0.5, 0, 0.5, 1].map((f) => ({ position: (f + 1) / 2, label: formatNumber(f * limit) })),
    caption,
  };
}

/** The colour bar's height in a rows layout, for a plot `plotH` tall. */
function rowsBarHeight(layout: RowsLayout, plotH: number): number {
  return Math.min(400, Math.max(layout.barMinHeight, plotH - 30));
}

/** Rows layout: the height of the plot with its labels, or of the colour bar with its legend, whichever is taller. */
function rowsHeight(layout: RowsLayout, rows: number, missingLegend: boolean): number {
  const plotH = rows * layout.rowPx;
  const barBottom = TOP + 30 + rowsBarHeight(layout, plotH) + (missingLegend ? 32 : 0) + 20;
  return Math.max(TOP + plotH + BOTTOM, barBottom);
}

export function renderMatrixHeatmap(input: MatrixHeatmapInput): Buffer {
  const { layout } = input;
  const rows = input.rowLabels.length;
  const columns = input.columnLabels.length;
  const labels = input.rowLabels.map((l) => truncateLabel(l, 30));
  const height = layout.kind === 'rows' ? rowsHeight(layout, rows, input.missingLegend) : layout.height;
  const { canvas, ctx } = whiteCanvas(WIDTH, height, height);
  drawTitle(ctx, input.title, WIDTH, 12, input.titlePx);
  if (input.subtitle) {
    setFont(ctx, 13);
    ctx.textAlign = 'center';
    ctx.fillText(input.subtitle, WIDTH / 2, 40, WIDTH - 20);
  }

  const fontPx = layout.labelFontPx;
  setFont(ctx, fontPx);
  let plot: Rect;
  let bar: Rect;
  let rowPx: number;
  let spacing: LabelSpacing;
  if (layout.kind === 'rows') {
    const labelWidth = Math.min(260, Math.max(layout.minLabelWidth, ...labels.map((l) => ctx.measureText(l).width)));
    const left = 50 + labelWidth + 8;
    rowPx = layout.rowPx;
    plot = { x: left, y: TOP, w: WIDTH - left - layout.right, h: rows * rowPx };
    const barH = rowsBarHeight(layout, plot.h);
    bar = { x: WIDTH - layout.right + layout.barInset, y: TOP + 30, w: 22, h: barH };
    spacing = SPACING;
  } else {
    ({ plot, bar, spacing } = layout);
    rowPx = plot.h / Math.max(1, rows);
  }
  const cellW = plot.w / Math.max(1, columns);

  paintCells(ctx, plot, rows, columns, (r, c) => input.scale.cellColor(input.value(r, c)));
  ctx.strokeStyle = '#444444';
  ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);

  // Values in the cells when they are large enough to hold them.
  if (input.valueInk && rowPx >= VALUE_CELL_MIN_H && cellW >= VALUE_CELL_MIN_W) {
    setFont(ctx, 12);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const v = input.value(r, c);
        ctx.fillStyle = v === null ? '#555555' : input.valueInk(v);
        ctx.fillText(formatNumber(v), plot.x + (c + 0.5) * cellW, plot.y + (r + 0.5) * rowPx, cellW - 4);
      }
    }
    setFont(ctx, fontPx);
  }

  // Row labels, sampled so they never overlap.
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const rowStep = Math.max(1, Math.ceil(MIN_LABEL_SPACING_PX / rowPx));
  for (let r = 0; r < rows; r += rowStep) ctx.fillText(labels[r], plot.x - spacing.tick, plot.y + (r + 0.5) * rowPx);
  drawVerticalText(ctx, input.yTitle(rowStep), spacing.yTitleX, plot.y + plot.h / 2);

  // Column labels, sampled to fit their width.
  const widest = Math.max(1, ...input.columnLabels.map((l) => ctx.measureText(l).width));
  const colStep = Math.max(1, Math.ceil((widest + spacing.columnPad) / cellW));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let c = 0; c < columns; c += colStep) {
    ctx.fillText(input.columnLabels[c], plot.x + (c + 0.5) * cellW, plot.y + plot.h + spacing.tick);
  }
  setFont(ctx, 14);
  ctx.fillText(input.xTitle, plot.x + plot.w / 2, plot.y + plot.h + spacing.xTitle);

  drawColorBar(ctx, bar, input.scale.barColor, input.scale.ticks, input.scale.caption);
  if (input.missingLegend) {
    setFont(ctx, 12);
    ctx.fillStyle = rgbCss(MISSING_COLOR);
    ctx.fillRect(bar.x, bar.y + bar.h + 20, bar.w, 12);
    ctx.fillStyle = TEXT_COLOR;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText('no value', bar.x + bar.w + 8, bar.y + bar.h + 26);
  }
  return toPng(canvas);
}
