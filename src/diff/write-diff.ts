/**
 * The diff directory: diff.json, index.html and the diff charts at the top, each run's own full report (the report
 * stage's renderForFormats, as `analyze` writes it) under a/ and b/. Written as one directory, atomically enough.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OutputFormat } from '../analyze/types.js';
import { writeDirectoryAtomically } from '../report/atomic-dir.js';
import { nonFiniteWarnings, replaceNonFinite, strictJson } from '../report/json.js';
import { renderForFormats } from '../report/write-report.js';
import type { ChartEntry } from '../report/types.js';
import type { DiffResult } from './diff-runs.js';
import type { Diff, Side } from './types.js';

export interface RenderedDiff {
  /** Relative path -> contents; the runs' reports under `a/` and `b/`. */
  files: Map<string, Buffer | string>;
  /** The diff as written to diff.json (charts and report links filled in, non-finite numbers replaced). */
  diff: Diff;
}

/**
 * Everything the diff directory holds, in memory. diff.json is always written; charts with png, the page with html.
 * The chart and page code (and the canvas behind it) is loaded only when one of those two is asked for.
 */
export async function renderDiff(result: DiffResult, formats: readonly OutputFormat[]): Promise<RenderedDiff> {
  const files = new Map<string, Buffer | string>();
  const runs = { ...result.diff.runs };
  for (const side of ['a', 'b'] as const satisfies readonly Side[]) {
    const report = await renderForFormats(result[side].summary, result[side].extras, formats);
    for (const [name, contents] of report.files) files.set(`${side}/${name}`, contents);
    runs[side] = { ...runs[side], report: report.files.has('index.html') ? `${side}/index.html` : null };
  }
  const charts: string[] = [];
  let entries: ChartEntry[] = [];
  if (formats.includes('png') || formats.includes('html')) {
    const { planDiffCharts } = await import('./charts/plan.js');
    entries = planDiffCharts({ diff: result.diff, a: result.a, b: result.b, features: result.features });
  }
  if (formats.includes('png')) {
    for (const entry of entries) {
      files.set(entry.file, entry.render());
      charts.push(entry.file);
    }
  }
  const { value, replaced } = replaceNonFinite({ ...result.diff, runs, charts });
  const diff: Diff = { ...value, warnings: [...value.warnings, ...nonFiniteWarnings(replaced, 'diff.json')] };
  files.set('diff.json', strictJson(diff));
  if (formats.includes('html')) files.set('index.html', (await import('./html.js')).renderDiffHtml(diff, charts, entries));
  return { files, diff };
}

/** Writes the diff directory into `outDir`, replacing an older one atomically enough. Returns the diff as written. */
export async function writeDiff(outDir: string, result: DiffResult, formats: readonly OutputFormat[]): Promise<Diff> {
  const rendered = await renderDiff(result, formats);
  await writeDirectoryAtomically(outDir, async (dir) => {
    for (const [name, contents] of rendered.files) {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, contents);
    }
  });
  return rendered.diff;
}
