/**
 * block-roles.png: transformer blocks (rows, depth order) x roles (columns), colour = the RWC at one transition on
 * a log scale shared by every transition (so the page's transition control compares like with like). The page
 * draws the same cells as an HTML table (page/block-role-table.ts) on the same scale (block-role-scale.ts).
 */
import { sequentialColor } from '../colors.js';
import { everyNth } from '../scales.js';
import { renderMatrixHeatmap, rowHeightFor, rowsLayout } from './matrix-heatmap.js';
import { logBarTickMarks, logHeatColor } from './rwc-heatmap.js';

export { blockRoleRange, inkOn, pagePalette, paletteIndex, PALETTE_STEPS, type BlockRoleInput } from './block-role-scale.js';
import { blockRoleRange, inkOn, type BlockRoleInput } from './block-role-scale.js';

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
    layout: rowsLayout(rowPx),
  });
}

