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

/** A chart figure when `file` was written, nothing otherwise. */
export function figure(file: string, caption: string, written: ReadonlySet<string>): string {
  if (!written.has(file)) return '';
  const f = escapeHtml(file);
  return `<figure><a href="${f}"><img src="${f}" alt="${escapeHtml(caption)}" loading="lazy"></a><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

export const PAGE_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 1280px; padding: 1rem 2rem; color: #222; background: #fff; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2.2rem; } h3 { margin-top: 1.5rem; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: middle; }
th { background: #f3f3f3; position: sticky; top: 0; }
table.kv th { font-weight: 600; background: #fafafa; position: static; }
table.layers td:nth-child(n+6) { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eee; } figcaption { color: #555; font-size: .9rem; }
.none, .na { color: #888; } .warn li { color: #8a4b00; }
code { background: #f5f5f5; padding: 0 .2rem; }
svg.spark { display: block; }
`;
