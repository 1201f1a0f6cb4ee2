/** Writing a file so that readers see the old file or the complete new one (temporary file, fsync, rename). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';

/**
 * Writes `bytes` to a temporary file next to `file`, fsyncs it and renames it over `file`, so readers see either
 * the old file or the complete new one, never a partial write.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // the temporary file may never have been created
    }
    throw new InputError(`cannot write ${file}: ${(e as Error).message}`);
  }
  syncDirectory(dir);
}

/** Makes the rename durable; some filesystems refuse fsync on directories, which is not an error for us. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
