/**
 * block-roles.png: transformer blocks (rows, depth order) x roles (columns), colour = the RWC at one transition on
 * a log scale shared by every transition (so the page's transition control compares like with like). The page
 * draws the same cells as an HTML table (html-block-roles.ts) from blockRoleCells.
 */
import { rgbCss, sequentialColor } from '../colors.js';
import { everyNth, formatNumber, logPosition, positiveRange } from '../scales.js';
import { renderMatrixHeatmap, rowHeightFor } from './matrix-heatmap.js';
import { logBarTickMarks, logHeatColor } from './rwc-heatmap.js';

export interface BlockRoleInput {
  title: string;
  /** "block 0", ... */
  rowLabels: readonly string[];
  /** Role names. */
  columnLabels: readonly string[];
  /** Transition labels ("500→1000"), one per matrix of `values`. */
  transitions: readonly string[];
  /** values[t][row][column]; null = no layer of that role in the block, or no value. */
  values: readonly (readonly (readonly (number | null)[])[])[];
  /** The transition the PNG shows (the last by default). */
  shown: number;
  xTitle: string;
}

/** The log colour range over every transition's values; null when none is positive. */
export function blockRoleRange(input: Pick<BlockRoleInput, 'values'>): { min: number; max: number } | null {
  return positiveRange(input.values.flat(2));
}

/** Steps of the page's colour palette: the page colours a cell with PALETTE_STEPS samples of the PNG's scale. */
export const PALETTE_STEPS = 64;

/** The page's palette: PALETTE_STEPS + 1 CSS colours from the bottom (0) to the top (1) of the colour bar. */
export function pagePalette(): string[] {
  return Array.from({ length: PALETTE_STEPS + 1 }, (_, i) => rgbCss(sequentialColor(i / PALETTE_STEPS)));
}

/** Index into pagePalette() of a value on the log range; null for no value (grey). */
export function paletteIndex(value: number | null, min: number, max: number): number | null {
  const p = logPosition(value, min, max);
  return p === null ? null : Math.round(p * PALETTE_STEPS);
}

/** Ink for a value written on a cell (dark viridis end: white, light end: black). */
export function inkOn(value: number | null, min: number, max: number): string {
  const p = logPosition(value, min, max);
  return p !== null && p < 0.6 ? '#ffffff' : '#111111';
}

export function renderBlockRoleHeatmap(input: BlockRoleInput): Buffer {
  const rows = input.rowLabels.length;
  const rowPx = rowHeightFor(rows);
  const range = blockRoleRange(input);
  const min = range?.min ?? 1;
  const max = range?.max ?? 1;
  const matrix = input.values[input.shown] ?? [];
  return renderMatrixHeatmap({
    title: input.title,
    subtitle: `transition ${input.transitions[input.shown] ?? '?'}; colour scale shared by all ${input.transitions.length} transitions`,
    rowLabels: input.rowLabels,
    columnLabels: input.columnLabels,
    value: (r, c) => matrix[r]?.[c] ?? null,
    scale: {
      cellColor: (v) => logHeatColor(v, min, max),
      barColor: sequentialColor,
      ticks: range ? logBarTickMarks(min, max) : [],
      caption: 'RWC (log)',
    },
    valueInk: range ? (v) => inkOn(v, min, max) : undefined,
    xTitle: input.xTitle,
    yTitle: (step) => (step > 1 ? `transformer block (depth order, ${everyNth(step)} labelled)` : 'transformer block (depth order)'),
    missingLegend: true,
    layout: {
      kind: 'rows',
      rowPx,
      labelFontPx: rowPx >= 24 ? 13 : 11,
      minLabelWidth: 40,
      right: 140,
      barInset: 30,
      barMinHeight: 180,
    },
  });
}

