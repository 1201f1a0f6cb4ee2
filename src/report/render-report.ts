/** The whole report in memory: charts, page and data files. */
import type { OutputFormat, Summary } from '../analyze/types.js';
import { planCharts } from './chart-plan.js';
import { addDataFiles } from './data-files.js';
import { renderIndexHtml } from './html.js';
import type { ReportExtras } from './types.js';

export interface RenderedReport {
  /** File name -> contents, every file of the report. */
  files: Map<string, Buffer | string>;
  /** Chart PNG file names, in page order; equals the summary's `charts` as written. */
  charts: string[];
  /** The summary as written (charts filled in, non-finite numbers replaced, warnings added). */
  summary: Summary;
}

/**
 * Everything the report consists of, in memory (pure apart from CPU time): charts when `png` is among the
 * formats, then summary.json (its `charts` = exactly the PNGs rendered), index.html, the CSVs. `live`: the page
 * shows the live badge of a report kept current (live-status.ts).
 */
export function renderReport(summary: Summary, extras: ReportExtras, formats: readonly OutputFormat[], live = false): RenderedReport {
  const files = new Map<string, Buffer | string>();
  const charts: string[] = [];
  if (formats.includes('png')) {
    for (const entry of planCharts(summary, extras)) {
      files.set(entry.file, entry.render());
      charts.push(entry.file);
    }
  }
  const written = addDataFiles(files, summary, charts, formats);
  // The page's charts are planned from the summary as written (non-finite numbers already null).
  if (formats.includes('html')) files.set('index.html', renderIndexHtml(written, charts, planCharts(written, extras), live));
  return { files, charts, summary: written };
}
