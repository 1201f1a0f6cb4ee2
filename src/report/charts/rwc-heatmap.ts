/** rwc-heatmap.png: layers (rows, depth order) x transitions (columns), colour = RWC on a log scale. */
import { MISSING_COLOR, sequentialColor } from '../colors.js';
import type { Rgb } from '../colors.js';
import { decadeTicks, everyNth, formatNumber, logPosition, positiveRange } from '../scales.js';
import { renderMatrixHeatmap, rowHeightFor, rowsLayout } from './matrix-heatmap.js';

export interface HeatmapInput {
  title: string;
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** Title of the column axis (summary-data.ts transitionAxisTitle). */
  xTitle: string;
  /** values[row][column]; null = no value. */
  values: readonly (readonly (number | null)[])[];
}

/** Colour of one RWC value on the log scale from min to max; grey for null / non-positive values. */
export function logHeatColor(value: number | null, min: number, max: number): Rgb {
  const p = logPosition(value, min, max);
  return p === null ? MISSING_COLOR : sequentialColor(p);
}

/** Ink for text on a cell of sequential colour at `position` (dark viridis end: white, light end: black). */
function textOn(position: number | null): string {
  return position !== null && position < 0.6 ? '#ffffff' : '#111111';
}

export function renderRwcHeatmap(input: HeatmapInput): Buffer {
  const rowPx = rowHeightFor(input.rowLabels.length);
  const range = positiveRange(input.values.flat());
  const min = range?.min ?? 1;
  const max = range?.max ?? 1;
  return renderMatrixHeatmap({
    title: input.title,
    rowLabels: input.rowLabels,
    columnLabels: input.columnLabels,
    value: (r, c) => input.values[r][c] ?? null,
    scale: {
      cellColor: (v) => logHeatColor(v, min, max),
      barColor: sequentialColor,
      ticks: range ? logBarTickMarks(min, max) : [],
      caption: 'RWC (log)',
    },
    // Values in the cells when they are large enough to hold them (few layers and transitions).
    valueInk: range ? (v) => textOn(logPosition(v, min, max)) : undefined,
    xTitle: input.xTitle,
    yTitle: (step) => (step > 1 ? `layer (depth order, ${everyNth(step)} labelled)` : 'layer (depth order)'),
    missingLegend: true,
    layout: rowsLayout(rowPx),
  });
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

/** The log colour bar's ticks: min and max at the ends, inner ticks that do not crowd them (6% of the bar). */
export function logBarTickMarks(min: number, max: number): { position: number; label: string }[] {
  const ends = [
    { position: 0, label: formatNumber(min) },
    { position: 1, label: formatNumber(max) },
  ];
  const inner = logBarTicks(min, max)
    .filter((v) => v >= min && v <= max)
    .map((v) => ({ position: logPosition(v, min, max) as number, label: formatNumber(v) }))
    .filter((t) => ends.every((e) => Math.abs(e.position - t.position) > 0.06));
  return [...inner, ...ends].filter((t) => t.position >= 0 && t.position <= 1);
}
