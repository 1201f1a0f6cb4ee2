/**
 * A rows x columns matrix as a heatmap on a diverging colour scale symmetric around 0 (blue negative, near-white 0,
 * red positive), with a colour bar. Used for the RWC difference and the cross-run feature correlation.
 */
import { divergingScale, renderMatrixHeatmap, rowHeightFor } from '../../report/charts/matrix-heatmap.js';
import { everyNth } from '../../report/scales.js';

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

/** Largest |value| over the finite values; 1 when there is none or all are 0 (so 0 stays near-white). */
export function symmetricLimit(values: Iterable<number | null>): number {
  let limit = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) limit = Math.max(limit, Math.abs(v));
  return limit > 0 ? limit : 1;
}

/** Few rows are stretched to fill this height; many rows get the report heatmap's thin rows. */
const PLOT_HEIGHT = 460;

export function renderDivergingHeatmap(input: DivergingHeatmapInput): Buffer {
  const rows = input.rowLabels.length;
  return renderMatrixHeatmap({
    title: input.title,
    titlePx: 17,
    rowLabels: input.rowLabels,
    columnLabels: input.columnLabels,
    value: (r, c) => input.values[r][c] ?? null,
    scale: divergingScale(input.limit, input.valueTitle),
    xTitle: input.xTitle,
    yTitle: (step) => (step > 1 ? `${input.yTitle} (${everyNth(step)} labelled)` : input.yTitle),
    missingLegend: true,
    layout: {
      kind: 'rows',
      rowPx: Math.max(rowHeightFor(rows), Math.floor(PLOT_HEIGHT / Math.max(1, rows))),
     
      labelFontPx: 11,
      minLabelWidth: 30,
      right: 180,
      barInset: 50,
      barMinHeight: 200,
    },
  });
}
