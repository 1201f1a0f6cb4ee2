/**
 * URLs of remote checkpoints (docs/design.md section 12): what counts as one, how it is shown (never with its query
 * string, user info or fragment: presigned URLs carry their credentials there), and names inside a checkpoint
 * (shards, external data) resolved against it with the same containment rule as local files.
 */
import { InputError } from '../errors.js';

export function isRemoteUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** The URL as messages and reports show it: scheme, host, port and path only. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/, '').replace(/\/\/[^/@]*@/, '//');
  }
}

/** The path part of a URL, decoded (what its file name is read from). */
export function urlPath(url: string): string {
  const path = new URL(url).pathname;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * A name from inside a remote checkpoint (a shard of a shard index, an ONNX external data location), as a URL beside
 * `base`: plain relative names only, staying inside `base`'s folder (no scheme, no absolute path, no `..`, no
 * backslash), as for local files (onnx/contained-file.ts). The base's query string is not carried over: a presigned
 * URL signs one object.
 */
export function siblingUrl(base: string, name: string, where: string, what: string): string {
  const parts = name.split('/');
  if (name === '' || name.includes('\\') || name.includes('\0') || /^[a-z][a-z0-9+.-]*:/i.test(name) || name.startsWith('/') || parts.some((p) => p === '..' || p === '.' || p === '')) {
    throw new InputError(`${where}: ${what} ${JSON.stringify(name)} is not a plain relative name inside the checkpoint's folder`);
  }
  const u = new URL(base);
  u.search = '';
  u.hash = '';
  return new URL(parts.map(encodeURIComponent).join('/'), u).href;
}
