/** The report stage's one I/O function: renders and writes the whole report directory. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputFormat, Summary } from '../analyze/types.js';
import { writeDirectoryAtomically } from './atomic-dir.js';
import { planCharts } from './chart-plan.js';
import { clippedRwcCsv, rawRwcCsv } from './csv.js';
import { renderIndexHtml } from './html.js';
import { serializeSummary } from './json.js';
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
 * formats, then summary.json (its `charts` = exactly the PNGs rendered), index.html, the CSVs.
 */
export function renderReport(summary: Summary, extras: ReportExtras, formats: readonly OutputFormat[]): RenderedReport {
  const files = new Map<string, Buffer | string>();
  const charts: string[] = [];
  const entries = planCharts(summary, extras);
  if (formats.includes('png')) {
    for (const entry of entries) {
      files.set(entry.file, entry.render());
      charts.push(entry.file);
    }
  }
  const serialized = serializeSummary({ ...summary, charts });
  if (formats.includes('json')) files.set('summary.json', serialized.text);
  // The page's charts are planned from the summary as written (non-finite numbers already null).
  if (formats.includes('html')) files.set('index.html', renderIndexHtml(serialized.summary, charts, planCharts(serialized.summary, extras)));
  if (formats.includes('csv')) {
    files.set('rwc.csv', rawRwcCsv(serialized.summary));
    files.set('rwc-clipped.csv', clippedRwcCsv(serialized.summary));
  }
  return { files, charts, summary: serialized.summary };
}

/**
 * Writes the report into `outDir`, replacing an older report there atomically enough (see atomic-dir.ts).
 * Returns the chart file names written (the same list as summary.json's `charts`).
 */
export async function writeReport(
  outDir: string,
  summary: Summary,
  extras: ReportExtras = {},
  formats: readonly OutputFormat[] = ['png', 'html', 'json', 'csv'],
): Promise<string[]> {
  const report = renderReport(summary, extras, formats);
  await writeDirectoryAtomically(outDir, async (dir) => {
    for (const [name, contents] of report.files) await writeFile(join(dir, name), contents);
  });
  return report.charts;
}
