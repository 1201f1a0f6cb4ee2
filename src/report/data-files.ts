/** The report's data files (summary.json, the CSVs): what a report without charts or page consists of. */
import type { OutputFormat, Summary } from '../analyze/types.js';
import { clippedRwcCsv, rawRwcCsv } from './csv.js';
import { serializeSummary } from './json.js';

/**
 * summary.json (its `charts` = `charts`) and the CSVs among `formats`, added to `files`. Returns the summary as
 * written (non-finite numbers replaced, warnings added), the one the page is rendered from.
 */
export function addDataFiles(
  files: Map<string, Buffer | string>,
  summary: Summary,
  charts: string[],
  formats: readonly OutputFormat[],
): Summary {
  const serialized = serializeSummary({ ...summary, charts });
  if (formats.includes('json')) files.set('summary.json', serialized.text);
  if (formats.includes('csv')) {
    files.set('rwc.csv', rawRwcCsv(serialized.summary));
    files.set('rwc-clipped.csv', clippedRwcCsv(serialized.summary));
  }
  return serialized.summary;
}
