/**
 * The interactive parts of a report page: the embedded JSON data, the scripts, chart figures, the sortable and
 * filterable layer table. Every text goes through escapeHtml; the JSON is made safe for a <script> element.
 */
import { escapeHtml } from '../html-escape.js';
import { chartId, type ChartEntry, type PageChart } from '../types.js';
import { blockRoleTable, type BlockRolePageInput } from './block-role-table.js';
import { chartJsSource } from './chartjs-source.js';
import type { PageData } from './page-data.js';
import { pageScriptSource } from './page-script.js';

export type { PageData } from './page-data.js';

/** JSON inside <script type="application/json">: "<" escaped so no "</script>" or "<!--" can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The data element and the two scripts (chart.js, then the page script), placed at the end of <body>. */
export function pageScripts(data: PageData): string {
  return `<script type="application/json" id="ws-data">${scriptJson(data)}</script>
<script>${chartJsSource()}</script>
<script>${pageScriptSource()}</script>`;
}

/**
 * A chart's figure. Interactive (`chartIndex` given): caption, a scale toggle for charts with a log option, the
 * canvas the page script draws into, a link to the PNG when it was written. Otherwise the PNG itself, or nothing
 * when it was not written.
 */
export function chartFigure(entry: ChartEntry, chartIndex: number | null, written: ReadonlySet<string>): string {
  const has = written.has(entry.file);
  const f = escapeHtml(entry.file);
  const caption = `<figcaption><strong>${escapeHtml(entry.title)}.</strong> ${escapeHtml(entry.caption)}</figcaption>`;
  const id = `fig-${escapeHtml(chartId(entry.file))}`;
  if (chartIndex === null) {
    if (!has) return '';
    return `<figure id="${id}">${caption}<a href="${f}"><img src="${f}" alt="${escapeHtml(entry.title)}" loading="lazy"></a></figure>`;
  }
  const png = has ? `<a class="png" href="${f}">PNG</a>` : '';
  if (entry.page?.kind === 'block-roles') {
    const link = has ? `<div class="tools"><a class="png" href="${f}">PNG</a></div>` : '';
    return `<figure id="${id}" class="chart wide">${caption}${link}${blockRoleTable(entry.page.input as BlockRolePageInput, chartIndex)}</figure>`;
  }
  const tools = `<div class="tools"><button type="button" data-scale hidden></button>${png}</div>`;
  const pair = entry.page?.kind === 'rwc-pair';
  const canvases = pair
    ? [0, 1].map((p) => `<div class="canvas-box"><canvas data-chart="${chartIndex}" data-panel="${p}" role="img" aria-label="${escapeHtml(entry.title)}, run ${p === 0 ? 'A' : 'B'}"></canvas></div>`).join('')
    : `<div class="canvas-box"><canvas data-chart="${chartIndex}" role="img" aria-label="${escapeHtml(entry.title)}"></canvas></div>`;
  const fallback = has ? `<noscript><img src="${f}" alt="${escapeHtml(entry.title)}"></noscript>` : '';
  return `<figure id="${id}" class="chart${pair ? ' pair' : ''}">${caption}${tools}${canvases}${fallback}</figure>`;
}

/** Figures of `entries` in `section`, numbering the interactive ones by their index in `charts` (appended). */
export function sectionFigures(entries: readonly ChartEntry[], section: string, charts: PageChart[], written: ReadonlySet<string>): string {
  return entries
    .filter((e) => e.section === section)
    .map((e) => {
      if (!e.page) return chartFigure(e, null, written);
      charts.push(e.page);
      return chartFigure(e, charts.length - 1, written);
    })
    .join('\n');
}

/** A cell of a sortable table: shown HTML, sort key (number or text), and whether the cell is already HTML. */
export interface SortCell {
  html: string;
  sort?: number | string | null;
}

/** A table whose headers sort it (click) and which a text box above it filters (name, primitive, cluster, ...). */
export function sortableTable(id: string, headers: readonly string[], rows: readonly { cells: SortCell[]; search: string }[], noun: string): string {
  const head = headers.map((h) => `<th scope="col" title="sort by ${escapeHtml(h)}">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => {
      const cells = r.cells
        .map((c) => (c.sort === undefined || c.sort === null ? `<td>${c.html}</td>` : `<td data-v="${escapeHtml(String(c.sort))}">${c.html}</td>`))
        .join('');
      return `<tr data-search="${escapeHtml(r.search.toLowerCase())}">${cells}</tr>`;
    })
    .join('\n');
  const filter = `<div class="filter"><input type="search" data-filter="${escapeHtml(id)}" placeholder="filter by name, primitive, cluster…" aria-label="filter the ${escapeHtml(noun)}"> <span class="count">${rows.length} ${escapeHtml(noun)}</span> <span class="hint">click a column header to sort</span></div>`;
  return `${filter}\n<table id="${escapeHtml(id)}" class="layers sortable"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
