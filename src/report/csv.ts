/** rwc.csv and rwc-clipped.csv: one row per layer (depth order), one column per epoch transition. RFC 4180. */
import type { LayerSummary, Summary } from '../analyze/types.js';
import { layersInDepthOrder, transitionColumnNames } from './summary-data.js';

/** One CSV field: quoted (quotes doubled) when it holds a comma, quote, CR or LF. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(fields: readonly (string | number | null)[]): string {
  return fields.map(csvField).join(',');
}

/** The layers x transitions table of `series` (rwc or rwcClipped), CRLF line ends, with a final CRLF. */
export function rwcCsv(summary: Summary, series: (layer: LayerSummary) => readonly (number | null)[]): string {
  const columns = transitionColumnNames(summary);
  const lines = [csvRow(['layer', 'primitive', 'index', ...columns])];
  for (const layer of layersInDepthOrder(summary)) {
    const values = series(layer);
    lines.push(csvRow([layer.name, layer.primitive, layer.index, ...columns.map((_, t) => values[t] ?? null)]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function rawRwcCsv(summary: Summary): string {
  return rwcCsv(summary, (l) => l.rwc);
}

export function clippedRwcCsv(summary: Summary): string {
  return rwcCsv(summary, (l) => l.rwcClipped);
}
