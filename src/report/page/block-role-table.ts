/**
 * The page's block x role heatmap: an HTML table (rows: blocks, columns: roles) coloured like block-roles.png, with
 * a control choosing the transition; the page script (page/main.ts) recolours the cells from the chart's data (values, palette,
 * log range). Without script the table shows the transition the PNG shows. Every text is escaped.
 */
import { MISSING_COLOR, rgbCss } from '../colors.js';
import { blockRoleRange, inkOn, pagePalette, paletteIndex, type BlockRoleInput } from '../charts/block-role-scale.js';
import { escapeHtml } from '../html-escape.js';
import { formatNumber } from '../scales.js';

/** What the page script reads for the block x role table. */
export interface BlockRolePageInput extends BlockRoleInput {
  palette: string[];
  /** The shared log range, null when no value is positive. */
  range: { min: number; max: number } | null;
  missing: string;
}

export function blockRolePageInput(input: BlockRoleInput): BlockRolePageInput {
  return { ...input, palette: pagePalette(), range: blockRoleRange(input), missing: rgbCss(MISSING_COLOR) };
}

/** Background and ink of one cell, as the page script computes them too. */
export function blockRoleCellStyle(input: BlockRolePageInput, value: number | null): { background: string; color: string } {
  const i = input.range ? paletteIndex(value, input.range.min, input.range.max) : null;
  if (i === null || !input.range) return { background: input.missing, color: '#555555' };
  return { background: input.palette[i], color: inkOn(value, input.range.min, input.range.max) };
}

/** The control and the table, showing transition `input.shown`; `chartIndex` ties them to the page data. */
export function blockRoleTable(input: BlockRolePageInput, chartIndex: number): string {
  const options = input.transitions
    .map((t, i) => `<option value="${i}"${i === input.shown ? ' selected' : ''}>${escapeHtml(t)}</option>`)
    .join('');
  const control = `<label class="control">transition <select data-block-roles="${chartIndex}">${options}</select></label>`;
  const head = `<tr><th scope="col">block</th>${input.columnLabels.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`;
  const matrix = input.values[input.shown] ?? [];
  const body = input.rowLabels
    .map((label, r) => {
      const cells = input.columnLabels
        .map((_, c) => {
          const v = matrix[r]?.[c] ?? null;
          const style = blockRoleCellStyle(input, v);
          return `<td style="background:${style.background};color:${style.color}">${escapeHtml(formatNumber(v))}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(label)}</th>${cells}</tr>`;
    })
    .join('\n');
  const legend = input.range
    ? `<span class="scale">log colour scale from ${escapeHtml(formatNumber(input.range.min))} (dark) to ${escapeHtml(formatNumber(input.range.max))} (yellow), shared by all transitions; grey: no layer or no value</span>`
    : '';
  return `<div class="tools">${control}${legend}</div>\n<div class="table-scroll"><table class="block-roles"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}
