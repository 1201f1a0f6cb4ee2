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

/**
 * A chart figure when `file` was written, nothing otherwise. The caption (and the sentence saying what the chart
 * shows and how to read it, when given) comes before the image, so it is read first.
 */
export function figure(file: string, caption: string, written: ReadonlySet<string>, explanation = ''): string {
  if (!written.has(file)) return '';
  const f = escapeHtml(file);
  const text = explanation ? `<strong>${escapeHtml(caption)}.</strong> ${escapeHtml(explanation)}` : escapeHtml(caption);
  return `<figure><figcaption>${text}</figcaption><a href="${f}"><img src="${f}" alt="${escapeHtml(caption)}" loading="lazy"></a></figure>`;
}

/** An integer with thousands separators ("1,725,468"); other values as they are. */
export function groupedInteger(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
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
figure { margin: 1.2rem 0 2rem; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #333; font-size: .95rem; max-width: 70rem; margin-bottom: .4rem; line-height: 1.4; }
p.intro { max-width: 70rem; line-height: 1.45; }
.none, .na { color: #888; }
.warn { background: #fff6e5; border-left: 4px solid #e69500; padding: .3rem .8rem; margin: .5rem 0; }
.warn li { color: #6b3a00; margin: .2rem 0; }
.alert { background: #fff6e5; border: 1px solid #e69500; border-radius: 4px; padding: .5rem .8rem; margin: .8rem 0; color: #6b3a00; }
code { background: #f5f5f5; padding: 0 .2rem; }
svg.spark { display: block; }
`;
