/**
 * The first check of every `--out` directory (docs/design.md section 6): missing is fine; a symbolic link or a file
 * is refused in one line naming the option and the path; an existing directory's entries are returned for the
 * caller's own rule (what kind of output it may replace).
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { InputError } from '../errors.js';

/** The names in `dir`, or null when it does not exist. */
export function existingOutputEntries(dir: string, flag = '--out'): string[] | null {
  if (!existsSync(dir)) return null;
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) throw new InputError(`${flag} ${dir}: is a symbolic link; give the real directory`);
  if (!st.isDirectory()) throw new InputError(`${flag} ${dir}: exists and is not a directory`);
  return readdirSync(dir);
}
