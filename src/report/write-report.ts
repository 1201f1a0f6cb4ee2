/** The report stage's one I/O function: renders and writes the whole report directory. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputFormat, Summary } from '../analyze/types.js';
import { writeDirectoryAtomically } from './atomic-dir.js';
import { addDataFiles } from './data-files.js';
import type { RenderedReport } from './render-report.js';
import type { ReportExtras } from './types.js';
import { LIVE_STATUS_FILE } from './live-status.js';

/**
 * Writes the report into `outDir`, replacing an older report there atomically enough (see atomic-dir.ts), with
 * `companions` (the pass cache, the live page's status script) written beside it in the same swap; with live.js
 * among them the page shows the live badge.
 * Returns the chart file names written (the same list as summary.json's `charts`).
 */
export async function writeReport(
  outDir: string,
  summary: Summary,
  extras: ReportExtras = {},
  formats: readonly OutputFormat[] = ['png', 'html', 'json', 'csv'],
  companions: ReadonlyMap<string, string> = new Map(),
): Promise<string[]> {
  const report = await renderForFormats(summary, extras, formats, companions.has(LIVE_STATUS_FILE));
  await writeDirectoryAtomically(outDir, async (dir) => {
    for (const [name, contents] of [...report.files, ...companions]) await writeFile(join(dir, name), contents);
  });
  return report.charts;
}

/**
 * The report in memory (render-report.ts), with the charts and the page (and the canvas and chart.js behind them)
 * loaded only when a format needs them.
 */
export async function renderForFormats(summary: Summary, extras: ReportExtras, formats: readonly OutputFormat[], live = false): Promise<RenderedReport> {
  if (formats.includes('png') || formats.includes('html')) return (await import('./render-report.js')).renderReport(summary, extras, formats, live);
  const files = new Map<string, Buffer | string>();
  return { files, charts: [], summary: addDataFiles(files, summary, [], formats) };
}
