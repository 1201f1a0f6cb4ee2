/** Building blocks of index.html: tables, lists, chart figures. Every text goes through escapeHtml. */
import { escapeHtml } from './html-escape.js';

export type Cell = string | number | null | { html: string };

function cellHtml(cell: Cell): string {
  if (cell === null) return '<span class="na">–</span>';
  if (typeof cell === 'object') return cell.html;
  return escapeHtml(cell);
}

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cellHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${escapeHtml(className)}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Two-column key/value table. */
export function definitionTable(entries: readonly (readonly [string, Cell])[]): string {
  const rows = entries.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${cellHtml(v)}</td></tr>`);
  return `<table class="kv"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export function list(items: readonly string[], empty: string): string {
  if (items.length === 0) return `<p class="none">${escapeHtml(empty)}</p>`;
  return `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

/** An integer with thousands separators ("1,725,468"); other values as they are. */
export function groupedInteger(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

export const PAGE_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 1440px; padding: .5rem 1.5rem; color: #222; background: #fff; }
h1 { font-size: 1.4rem; margin: .4rem 0 .1rem; } h2 { font-size: 1.3rem; border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 1.8rem; } h3 { margin-top: 1.5rem; }
nav a { margin-right: 1rem; }
.live { display: inline-block; margin: .2rem 0; padding: .1rem .6rem; border-radius: 1rem; font-size: .85rem; background: #e6f4ea; color: #1e6b34; }
.live.final { background: #eee; color: #555; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: middle; }
th { background: #f3f3f3; position: sticky; top: 0; }
table.kv th { font-weight: 600; background: #fafafa; position: static; }
table.layers td[data-v] { font-variant-numeric: tabular-nums; }
figure { margin: 1.2rem 0 2rem; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #444; font-size: .85rem; max-width: 70rem; margin-bottom: .3rem; line-height: 1.35; } figcaption strong { color: #222; }
p.intro { max-width: 70rem; line-height: 1.45; }
.none, .na { color: #888; }
.warn { background: #fff6e5; border-left: 4px solid #e69500; padding: .3rem .8rem; margin: .5rem 0; }
.warn li { color: #6b3a00; margin: .2rem 0; }
figure.chart.wide { grid-column: 1 / -1; }
table.block-roles td { text-align: right; font-variant-numeric: tabular-nums; min-width: 4.5rem; } table.block-roles th { position: static; }
.table-scroll { max-width: 100%; overflow-x: auto; }
figure .tools .scale { color: #555; }
.nowrap { white-space: nowrap; }
.notes li, p.notes { color: #555; }
.alert { background: #fff6e5; border: 1px solid #e69500; border-radius: 4px; padding: .5rem .8rem; margin: .8rem 0; color: #6b3a00; }
code { background: #f5f5f5; padding: 0 .2rem; }
svg.spark { display: block; }
p.meta { color: #555; margin: 0 0 .2rem; font-size: .9rem; }
nav { position: sticky; top: 0; background: #fff; padding: .3rem 0; border-bottom: 1px solid #eee; z-index: 2; font-size: .9rem; }
ul.findings { line-height: 1.4; padding-left: 1.1rem; font-size: .93rem; } ul.findings li { margin: .3rem 0; }
ul.findings li.warn-item { background: #fff6e5; box-shadow: -1.1rem 0 0 #fff6e5; color: #6b3a00; }
section.overview { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); gap: 0 2rem; align-items: start; }
section.overview h2 { margin-top: .6rem; } section.overview figure { margin-top: .8rem; }
@media (max-width: 1000px) { section.overview { grid-template-columns: 1fr; } }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 0 2rem; }
figure.chart .canvas-box { position: relative; height: 400px; }
figure.chart.pair { grid-column: 1 / -1; } figure.chart.pair .canvas-box { display: inline-block; width: calc(50% - .5rem); height: 440px; }
figure.chart.pair .canvas-box + .canvas-box { margin-left: 1rem; }
figure .tools { display: flex; gap: .8rem; align-items: center; margin: .2rem 0; font-size: .85rem; min-height: 1.2rem; }
figure .tools button { font-size: .8rem; padding: .1rem .5rem; cursor: pointer; }
figure:not(.chart) { grid-column: 1 / -1; } figure:not(.chart) img { max-width: min(100%, 1100px); }
.filter { margin: .5rem 0; } .filter input { width: 22rem; padding: .25rem .4rem; } .filter .hint, .filter .count { color: #777; font-size: .85rem; margin-left: .6rem; }
table.sortable th { cursor: pointer; user-select: none; } table.sortable th[aria-sort=ascending]::after { content: " ▲"; } table.sortable th[aria-sort=descending]::after { content: " ▼"; }
table.layers { font-size: .84rem; } table.layers th, table.layers td { padding: .2rem .35rem; }
table.layers td code { font-size: .78rem; background: none; color: #555; overflow-wrap: anywhere; }
table.layers td:nth-child(2), table.layers td:nth-child(3) { max-width: 15rem; overflow-wrap: anywhere; }
table.layers .relation { font-size: .75rem; color: #777; }
`;
