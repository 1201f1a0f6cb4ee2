/**
 * Replacing a report directory "atomically enough": everything is written into a fresh temporary sibling
 * directory, which is then renamed into place. An interrupted run leaves the old report (or, for an instant
 * between two renames, the old report under a `.old-` sibling name) or the complete new one, never a mix.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { existingOutputEntries } from '../util/output-path.js';
import { DIFF_SUBREPORTS, isReportFile } from './report-files.js';


/** Throws an InputError when `outDir` exists and is not something we may replace (a file, or foreign files). */
export function checkReplaceable(outDir: string): void {
  const entries = existingOutputEntries(outDir);
  if (entries === null) return;
  const foreign = entries.filter((name) => !isReportEntry(outDir, name));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
    throw new InputError(
      `--out ${outDir}: exists and holds files that are not part of a weightscale report (${shown}); refusing to replace it`,
    );
  }
}

/** Anything a previous report may contain (report-files.ts); anything else makes us refuse to replace it. */
function isReportEntry(dir: string, name: string): boolean {
  if (isReportFile(name)) return lstatSync(join(dir, name)).isFile();
  if (!DIFF_SUBREPORTS.test(name)) return false;
  const sub = join(dir, name);
  const st = lstatSync(sub);
  return st.isDirectory() && readdirSync(sub).every((f) => isReportFile(f) && lstatSync(join(sub, f)).isFile());
}

/**
 * Runs `fill(tempDir)` on a new temporary directory next to `outDir`, then moves it to `outDir`, replacing an
 * older report there. On failure the temporary directory is removed and `outDir` is left as it was.
 */
export async function writeDirectoryAtomically(outDir: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  const target = resolve(outDir);
  checkReplaceable(target);
  const parent = dirname(target);
  const stem = `.${basename(target)}`;
  let temp: string;
  try {
    mkdirSync(parent, { recursive: true });
    temp = mkdtempSync(join(parent, `${stem}.tmp-`));
    chmodSync(temp, 0o755); // mkdtemp makes it private; a report is meant to be read
  } catch (e) {
    throw new InputError(`--out ${outDir}: cannot create a directory in ${parent} (${(e as Error).message})`);
  }
  try {
    await fill(temp);
    if (existsSync(target)) swapIn(temp, target, join(parent, stem));
    else renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}

/** Parks the old `target` in a `.old-` sibling, renames `temp` to `target`, then deletes the old one. */
function swapIn(temp: string, target: string, stemPath: string): void {
  const old = mkdtempSync(`${stemPath}.old-`);
  const parked = join(old, 'report');
  renameSync(target, parked);
  try {
    renameSync(temp, target);
  } catch (e) {
    renameSync(parked, target);
    rmSync(old, { recursive: true, force: true });
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
