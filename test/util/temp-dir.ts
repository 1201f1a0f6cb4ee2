/** The tests' temporary directories. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory `ws-PREFIX-XXXXXX` in the system's temp folder; with `t`, removed when that test ends. */
export function tempDir(prefix: string, t?: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), `ws-${prefix}-`));
  t?.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
