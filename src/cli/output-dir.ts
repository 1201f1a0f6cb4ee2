/**
 * The one rule for every command's `--out DIR`: a directory that does not exist, is empty, or holds the same kind
 * of weightscale output. Refused: a file or symbolic link; a directory with files weightscale did not write there
 * (named in the message); a directory holding another kind of output (an analyze report, a diff report, a training
 * run, training artifacts). Replacing the same kind: a report or diff is replaced atomically; artifacts need
 * `--force`; a training run continues only with `--resume` (the trainer checks that).
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { existingOutputEntries } from '../util/output-path.js';
import { ANALYZE_REPORT_FILES, DIFF_REPORT_FILES, DIFF_SUBREPORTS, HOUSEKEEPING, PART_FILES } from '../report/report-files.js';

export type OutputKind = 'report' | 'diff' | 'run' | 'artifacts' | 'part';

interface KindRule {
  /** In words, for messages. */
  what: string;
  /** A file at the top level that only this kind writes. */
  marker: RegExp;
  /** Every top-level entry this kind may hold (files unless `dirs` says otherwise). */
  files: RegExp;
  /** Subdirectories this kind may hold, each with only `files`-matching files. */
  dirs?: RegExp;
}


const KINDS: Record<OutputKind, KindRule> = {
  report: { what: 'an analyze report', marker: /^summary\.json$/, files: ANALYZE_REPORT_FILES },
  diff: { what: 'a diff report', marker: /^diff\.json$/, files: DIFF_REPORT_FILES, dirs: DIFF_SUBREPORTS },
  run: { what: 'a training run', marker: /^(run\.json|epoch-\d+\.(onnx|state))$/, files: /^(run\.json|epoch-\d+\.(onnx|state))$/ },
  part: { what: 'an analysis part (analyze --shard)', marker: PART_FILES, files: PART_FILES },
  artifacts: {
    what: 'training artifacts',
    marker: /^artifacts\.json$/,
    files: /^(artifacts\.json|training_model\.onnx|eval_model\.onnx|inference_model\.onnx|checkpoint\.onnx)$/,
  },
};

function belongs(dir: string, name: string, rule: KindRule): boolean {
  if (HOUSEKEEPING.test(name)) return true;
  const st = lstatSync(join(dir, name));
  if (st.isFile()) return rule.files.test(name);
  if (!st.isDirectory() || rule.dirs === undefined || !rule.dirs.test(name)) return false;
  const sub = join(dir, name);
  return readdirSync(sub).every((f) => (ANALYZE_REPORT_FILES.test(f) || HOUSEKEEPING.test(f)) && lstatSync(join(sub, f)).isFile());
}

function listed(names: string[]): string {
  return names.slice(0, 3).join(', ') + (names.length > 3 ? `, and ${names.length - 3} more` : '');
}

/** The kind of weightscale output `dir` holds at its top level (by marker file), if any. */
export function outputKindOf(dir: string): OutputKind | undefined {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return undefined;
  const names = readdirSync(dir);
  return (Object.keys(KINDS) as OutputKind[]).find((k) => names.some((n) => KINDS[k].marker.test(n)));
}

export interface OutputDirOptions {
  /** The option naming the directory, for messages (default --out). */
  flag?: string;
  /** Artifacts only: replace existing artifacts. */
  force?: boolean;
}

/**
 * Throws an InputError when `dir` may not receive output of `kind` (see the file comment). Returns whether the
 * directory already holds output of that kind.
 */
export function checkOutputDir(dir: string, kind: OutputKind, opts: OutputDirOptions = {}): boolean {
  const flag = opts.flag ?? '--out';
  const names = existingOutputEntries(dir, flag);
  if (names === null) return false;
  const rule = KINDS[kind];
  for (const other of Object.keys(KINDS) as OutputKind[]) {
    if (other === kind) continue;
    const marker = names.find((n) => KINDS[other].marker.test(n));
    if (marker !== undefined) {
      throw new InputError(`${flag} ${dir}: holds ${KINDS[other].what} (${marker}); refusing to write ${rule.what} over it; choose another directory`);
    }
  }
  const foreign = names.filter((n) => !belongs(dir, n, rule));
  if (foreign.length > 0) {
    throw new InputError(`${flag} ${dir}: holds files that are not part of ${rule.what} (${listed(foreign)}); choose another directory`);
  }
  const same = names.some((n) => rule.marker.test(n));
  if (same && kind === 'artifacts' && opts.force !== true) {
    throw new InputError(`${flag} ${dir}: already holds training artifacts; pass --force to replace them`);
  }
  return same;
}
