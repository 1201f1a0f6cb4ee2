/**
 * A run list (docs/design.md section 12): a plain text file, any name, holding one checkpoint per line in run order;
 * blank lines and `#` comments are ignored. A line is a URL (http or https: a `.safetensors` file, a shard index, an
 * `.onnx` file) or a local path (anything `openCheckpoint` opens), relative paths resolving against the list's own
 * folder. Remote checkpoints are indexed here, while listing (their sizes come with their headers); local ones are
 * opened later by the registry, as in a run directory. A checkpoint's `file` is its line relative to the folder all
 * lines share (URLs without their query strings, which carry presigned credentials); its number is the one after
 * `step` in it, else its last integer, when every line has one and they increase; else its position in the list.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { isRemoteUrl, redactUrl } from '../remote/url.js';
import { openRemoteCheckpoints } from './remote-checkpoint.js';
import type { Checkpoint, RunListing } from './types.js';

const MAX_LIST_BYTES = 2 ** 20;
const CHECKPOINT_NAME = /\.(safetensors|safetensors\.index\.json|onnx)$/i;

export interface ListedLine {
  /** 1-based line number in the list. */
  line: number;
  /** The URL as written, or the local path resolved against the list's folder. */
  target: string;
}

/** Whether `p` is a run list: a small text file whose every line is a URL or names a checkpoint file or a directory. */
export function isRunList(p: string): boolean {
  if (CHECKPOINT_NAME.test(p) || /\.json$/i.test(p)) return false;
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return false;
  }
  if (!st.isFile() || st.size === 0 || st.size > MAX_LIST_BYTES) return false;
  let lines: ListedLine[];
  try {
    lines = readRunList(p);
  } catch {
    return false;
  }
  return lines.length > 0 && lines.every((l) => isRemoteUrl(l.target) || CHECKPOINT_NAME.test(l.target) || isDirectory(l.target));
}

/** The lines of a run list, comments and blanks left out. */
export function readRunList(listPath: string): ListedLine[] {
  const bytes = fs.readFileSync(listPath);
  if (bytes.includes(0)) throw new InputError(`${listPath}: not a text file`);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const base = path.dirname(path.resolve(listPath));
  const out: ListedLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const s = raw.trim();
    if (s === '' || s.startsWith('#')) return;
    out.push({ line: i + 1, target: isRemoteUrl(s) ? s : path.resolve(base, s) });
  });
  return out;
}

export function listRunList(listPath: string): RunListing {
  let lines: ListedLine[];
  try {
    lines = readRunList(listPath);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${listPath}: cannot read the run list (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (lines.length === 0) throw new InputError(`${listPath}: the run list names no checkpoint`);
  const shown = lines.map((l) => (isRemoteUrl(l.target) ? redactUrl(l.target) : l.target));
  const files = relativeNames(shown);
  const seen = new Map<string, number>();
  files.forEach((f, i) => {
    const before = seen.get(f);
    if (before !== undefined) throw new InputError(`${listPath}: lines ${lines[before]!.line} and ${lines[i]!.line} name the same checkpoint (${f})`);
    seen.set(f, i);
  });
  const { numbers, unit, warnings } = numbering(files, listPath);
  const remoteTargets = lines.map((l) => l.target).filter(isRemoteUrl);
  const opened = new Map(zip(remoteTargets, openRemoteCheckpoints(remoteTargets)));
  const checkpoints: Checkpoint[] = lines.map((l, i) => {
    if (isRemoteUrl(l.target)) {
      const remote = opened.get(l.target)!;
      return { path: shown[i]!, file: files[i]!, epoch: numbers[i]!, bytes: remote.bytes, format: remote.index.format, index: remote.index };
    }
    if (!fs.existsSync(l.target)) throw new InputError(`${listPath}: line ${l.line}: ${l.target} not found`);
    return { path: l.target, file: files[i]!, epoch: numbers[i]!, bytes: localBytes(l.target), format: /\.onnx$/i.test(l.target) ? 'onnx' : 'safetensors' };
  });
  return { dir: listPath, checkpoints, orderedBy: 'list', unit, warnings };
}

/** Where the checkpoint a run list calls `file` is: its URL as written (query string included) or its local path. */
export function runListTarget(listPath: string, file: string): string {
  const lines = readRunList(listPath);
  const files = relativeNames(lines.map((l) => (isRemoteUrl(l.target) ? redactUrl(l.target) : l.target)));
  const i = files.indexOf(file);
  if (i < 0) throw new InputError(`${listPath}: no checkpoint ${file} in this run list`);
  return lines[i]!.target;
}

function zip<A, B>(a: readonly A[], b: readonly B[]): [A, B][] {
  return a.map((x, i) => [x, b[i]!]);
}

/** Each name relative to the longest folder prefix all names share. */
function relativeNames(names: string[]): string[] {
  let prefix = names[0]!.slice(0, names[0]!.lastIndexOf('/') + 1);
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  return names.map((n) => n.slice(prefix.length) || n);
}

function numbering(files: string[], listPath: string): { numbers: number[]; unit: 'epoch' | 'step'; warnings: string[] } {
  const afterStep = files.map((f) => /step[-_]?(\d+)/i.exec(f)?.[1]);
  const last = files.map((f) => f.match(/\d+/g)?.at(-1));
  const steps = afterStep.every((s) => s !== undefined);
  const found = (steps ? afterStep : last).map((s) => (s === undefined ? NaN : Number(s)));
  if (found.every((n, i) => Number.isSafeInteger(n) && (i === 0 || n > found[i - 1]!))) return { numbers: found, unit: steps ? 'step' : 'epoch', warnings: [] };
  return {
    numbers: files.map((_, i) => i),
    unit: 'epoch',
    warnings: [`${path.basename(listPath)}: the checkpoints' names carry no increasing numbers; numbered by their place in the list (0, 1, ...)`],
  };
}

/** Bytes of a local checkpoint: its file, the shards a shard index names, or the .safetensors files of a directory. */
function localBytes(p: string): number {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    return fs.readdirSync(p).filter((n) => n.endsWith('.safetensors')).reduce((s, n) => s + fs.statSync(path.join(p, n)).size, 0);
  }
  if (!p.endsWith('.json')) return st.size;
  try {
    const map = (JSON.parse(fs.readFileSync(p, 'utf8')) as { weight_map?: Record<string, string> }).weight_map ?? {};
    return [...new Set(Object.values(map))].reduce((s, shard) => s + fs.statSync(path.join(path.dirname(p), shard)).size, 0);
  } catch {
    return st.size; // the registry reports what is wrong with it when it opens it
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
