/**
 * Opening a file named inside a model or checkpoint (ONNX external data `location`, a safetensors shard name) with
 * the checks that keep a crafted file from reading outside its own directory (CVE-2022-25882, CVE-2024-27318 and
 * the symlink/hard-link variants): relative names only, no escape after lexical or canonical (realpath)
 * resolution, no symlink as the file itself, no file with several hard links, and the opened file is the one
 * checked. Every refusal is a one-line InputError starting with `where`. One exception, for the Hugging Face hub
 * cache (snapshot files are symlinks into the cache's own `blobs/`): with `linksInto`, a symlink whose target
 * resolves to a regular file inside that directory is followed; every other rule still applies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';

export interface ContainedFile {
  fd: number;
  size: number;
  /** The name as given, JSON-quoted, for messages. */
  display: string;
  /** Canonical (realpath) path of the opened file. */
  path: string;
}

/** How messages call the file and its directory. */
export interface ContainedFileWords {
  /** 'external data', 'shard' */
  what: string;
  /** "the model's directory" */
  dir: string;
  /** 'next to the model' */
  near: string;
}

/** Opens `name` (relative to `baseDir`) read-only after the checks above; the caller closes `fd`. */
export function openContainedFile(baseDir: string, name: string, where: string, words: ContainedFileWords, linksInto?: string): ContainedFile {
  const { what } = words;
  const display = JSON.stringify(name);
  if (name === '' || name.includes('\0')) throw new InputError(`${where}: ${what} location ${display} is not a valid file name`);
  if (path.isAbsolute(name) || path.win32.isAbsolute(name)) {
    throw new InputError(`${where}: ${what} location ${display} is an absolute path; only paths relative to ${words.dir} are allowed`);
  }
  const normal = path.normalize(name);
  if (normal === '..' || normal.startsWith('..' + path.sep) || path.isAbsolute(normal)) {
    throw new InputError(`${where}: ${what} location ${display} escapes ${words.dir}`);
  }
  const full = path.join(baseDir, normal);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(full);
  } catch (e) {
    throw new InputError(`${where}: ${what} file ${display} not found ${words.near} (${errCode(e)})`);
  }
  let real: string;
  let realBase: string;
  try {
    realBase = fs.realpathSync(baseDir);
    real = fs.realpathSync(full);
  } catch (e) {
    throw new InputError(`${where}: cannot resolve ${what} file ${display} (${errCode(e)})`);
  }
  const followed = st.isSymbolicLink() && linksInto !== undefined && isInside(realpathOrSelf(linksInto), real);
  if (st.isSymbolicLink() && !followed) throw new InputError(`${where}: ${what} file ${display} is a symlink, which is refused`);
  if (followed) st = fs.statSync(real);
  if (!st.isFile()) throw new InputError(`${where}: ${what} file ${display} is not a regular file`);
  if (!followed && !isInside(realBase, real)) {
    throw new InputError(`${where}: ${what} location ${display} escapes ${words.dir} (through a symlinked directory)`);
  }
  if (st.nlink > 1) {
    throw new InputError(`${where}: ${what} file ${display} has ${st.nlink} hard links, which is refused`);
  }
  let fd: number;
  try {
    fd = fs.openSync(followed ? real : full, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    throw new InputError(`${where}: cannot open ${what} file ${display} (${errCode(e)})`);
  }
  const fst = fs.fstatSync(fd);
  // The file checked above must be the one opened (guards against a swap between lstat and open).
  if (fst.ino !== st.ino || fst.dev !== st.dev || fst.nlink > 1 || !fst.isFile()) {
    fs.closeSync(fd);
    throw new InputError(`${where}: ${what} file ${display} changed while being opened, refused`);
  }
  return { fd, size: fst.size, display, path: real };
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function isInside(base: string, p: string): boolean {
  const rel = path.relative(base, p);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}

export function errCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ?? (e as Error).message;
}
