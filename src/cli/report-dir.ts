/**
 * What the commands that write an analyze report (analyze, --watch, merge, train --report) share about its
 * directory: writing it with its pass cache (and live status), reading the cache back, its leftovers, --debug.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AnalyzeResult } from '../analyze/analyze.js';
import { PASS_CACHE_FILE, decodePassCache, encodePassCache, type PassCache } from '../analyze/pass-cache.js';
import type { OutputFormat } from '../analyze/types.js';
import { LIVE_STATUS_FILE, liveStatus, liveStatusScript } from '../report/live-status.js';
import { writeReport } from '../report/write-report.js';

/**
 * Writes the analysis's report into `out` with its pass cache, and for a report kept current (`live`: --watch,
 * train --report) its live.js. Returns the chart files written.
 */
export function writeAnalysisReport(out: string, analysis: AnalyzeResult, formats: readonly OutputFormat[], live?: { final: boolean }): Promise<string[]> {
  const companions = new Map([[PASS_CACHE_FILE, encodePassCache(analysis.cache)]]);
  if (live) companions.set(LIVE_STATUS_FILE, liveStatusScript(liveStatus(analysis.summary.run.checkpoints.length, live.final)));
  return writeReport(out, analysis.summary, analysis.extras, formats, companions);
}

/** The pass cache of the report in `out`, or null (none, unreadable, or of another version: the run is then cold). */
export function readPassCache(out: string): PassCache | null {
  try {
    return decodePassCache(readFileSync(join(out, PASS_CACHE_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** `--debug`: where the time went and how many weight bytes were read (the incremental analysis's counter). */
export function debugTimings(analysis: AnalyzeResult): string {
  const t = analysis.timings;
  const gb = (b: number) => (b / 1e9).toFixed(3);
  return (
    `timings: index ${t.indexSeconds.toFixed(3)} s, pass ${t.passSeconds.toFixed(3)} s, clustering ${t.clusteringSeconds.toFixed(3)} s, ` +
    `features ${t.featuresSeconds.toFixed(3)} s\n` +
    `weights read: ${gb(t.bytesRead + t.featureBytesRead)} GB (pass ${gb(t.bytesRead)} GB, features ${gb(t.featureBytesRead)} GB); ` +
    `${t.checkpointsReused} of ${analysis.summary.run.checkpoints.length} checkpoints' sums from the cache\n`
  );
}

/** Deletes the temporary sibling directories a report being written lives in (report/atomic-dir.ts names them). */
export function removeUnfinishedReport(out: string): void {
  const parent = dirname(resolve(out));
  const stem = `.${basename(resolve(out))}.tmp-`;
  try {
    for (const name of readdirSync(parent)) if (name.startsWith(stem)) rmSync(join(parent, name), { recursive: true, force: true });
  } catch {
    // nothing to clean up
  }
}
