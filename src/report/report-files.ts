/**
 * What weightscale writes into a report directory, by kind: the one list that `--out` checks (cli/output-dir.ts)
 * and the atomic replacement (atomic-dir.ts) both read.
 */

/** An analyze report: the page, summary.json, the pass cache, live.js of a watched run, the CSVs, the PNGs. */
export const ANALYZE_REPORT_FILES = /^(index\.html|summary\.json|pass-cache\.json|live\.js|rwc(-clipped)?\.csv|[A-Za-z0-9_.-]+\.png)$/;
/** A diff report's top level; each run's own report sits in DIFF_SUBREPORTS. */
export const DIFF_REPORT_FILES = /^(index\.html|diff\.json|[A-Za-z0-9_.-]+\.png)$/;
export const DIFF_SUBREPORTS = /^(a|b)$/;
/** An analysis part (analyze --shard). */
export const PART_FILES = /^part\.json$/;
/** Leftovers of an interrupted atomic write (`.NAME.PID.HEX.tmp`), and macOS's folder file. */
export const HOUSEKEEPING = /^(\..+\.tmp|\.DS_Store)$/;

/** Any file some kind of report may hold. */
export function isReportFile(name: string): boolean {
  return ANALYZE_REPORT_FILES.test(name) || DIFF_REPORT_FILES.test(name) || PART_FILES.test(name) || HOUSEKEEPING.test(name);
}
