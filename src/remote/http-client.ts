/**
 * The HTTP(S) client of remote reads (docs/design.md section 12), asynchronous; it runs in the remote-read worker
 * (http-worker.ts). Keep-alive agents, at most `connections` requests in flight, redirects (the token stays with the
 * host it was given for), and retries with exponential backoff and jitter for what may pass: connection errors and
 * resets, timeouts, 429 and 5xx, bodies shorter than announced, a Content-Range other than the one asked for. What
 * will not pass (404, 403, a server that ignores Range) is an InputError naming the URL (without its query string)
 * and the status.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { InputError } from '../errors.js';
import { Limiter } from './limiter.js';
import { authorization, tokenFor } from './token.js';
import { redactUrl } from './url.js';

export interface ClientOptions {
  /** Requests in flight at most (--connections). */
  connections: number;
  /** Tries after the first for a transient failure. */
  retries?: number;
  /** First backoff in ms (doubled per try, with jitter). */
  retryBaseMs?: number;
  /** A request with no bytes for this long is a transient failure. */
  idleTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface Fetched {
  data: Uint8Array;
  /** The whole file's size (from Content-Range, or Content-Length of a whole-file GET); NaN when the server does not say. */
  total: number;
}

const MAX_REDIRECTS = 5;
const MAX_RETRY_AFTER_MS = 30_000;

class Transient extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class HttpClient {
  private readonly limiter: Limiter;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly idleTimeoutMs: number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(opts: ClientOptions) {
    this.limiter = new Limiter(opts.connections);
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: opts.connections }),
      https: new https.Agent({ keepAlive: true, maxSockets: opts.connections }),
    };
    this.retries = opts.retries ?? 4;
    this.retryBaseMs = opts.retryBaseMs ?? 250;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 30_000;
    this.env = opts.env ?? process.env;
  }

  /** Bytes [offset, offset + length) of `url`. */
  range(url: string, offset: number, length: number): Promise<Fetched> {
    return this.withRetries(url, () => this.follow(url, { offset, length }));
  }

  /** The whole file, refused over `maxBytes`; null for a 404 when `missingOk`. */
  whole(url: string, maxBytes: number, missingOk = false): Promise<Fetched | null> {
    return this.withRetries(url, async () => {
      try {
        return await this.follow(url, { maxBytes });
      } catch (e) {
        if (missingOk && e instanceof InputError && / HTTP 404\b/.test(e.message)) return null;
        throw e;
      }
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async withRetries<T>(url: string, attempt: () => Promise<T>): Promise<T> {
    for (let tries = 0; ; tries++) {
      try {
        return await this.limiter.run(attempt);
      } catch (e) {
        if (!(e instanceof Transient)) throw e;
        if (tries >= this.retries) throw new InputError(`${redactUrl(url)}: ${e.message} (gave up after ${tries + 1} tries)`);
        const backoff = this.retryBaseMs * 2 ** tries * (0.5 + Math.random());
        await sleep(Math.max(backoff, Math.min(e.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)));
      }
    }
  }

  /** One request and its redirects. The token goes only to the scheme and host of the URL the user gave. */
  private async follow(url: string, want: { offset: number; length: number } | { maxBytes: number }): Promise<Fetched> {
    const given = new URL(url);
    const token = tokenFor(given.host, this.env);
    let current = given;
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> = { 'user-agent': 'weightscale', 'accept-encoding': 'identity' };
      if ('offset' in want) headers['range'] = `bytes=${want.offset}-${want.offset + want.length - 1}`;
      if (token && current.host === given.host && current.protocol === given.protocol) headers['authorization'] = authorization(token);
      const res = await this.request(current, headers);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hops >= MAX_REDIRECTS) throw new InputError(`${redactUrl(url)}: more than ${MAX_REDIRECTS} redirects`);
        current = new URL(res.headers.location, current);
        if (current.protocol !== 'http:' && current.protocol !== 'https:') {
          throw new InputError(`${redactUrl(url)}: redirected to a ${current.protocol} URL`);
        }
        continue;
      }
      return this.body(url, res, want);
    }
  }

  private request(u: URL, headers: Record<string, string>): Promise<http.IncomingMessage> {
    const lib = u.protocol === 'https:' ? https : http;
    const agent = u.protocol === 'https:' ? this.agents.https : this.agents.http;
    return new Promise((resolve, reject) => {
      const req = lib.get(u, { headers, agent }, resolve);
      req.setTimeout(this.idleTimeoutMs, () => req.destroy(new Transient(`no response for ${this.idleTimeoutMs / 1000} s`)));
      req.on('error', (e) => reject(asFailure(e, redactUrl(u.href))));
    });
  }

  private body(url: string, res: http.IncomingMessage, want: { offset: number; length: number } | { maxBytes: number }): Promise<Fetched> {
    const status = res.statusCode ?? 0;
    const where = redactUrl(url);
    const fail = (e: Error) => {
      res.destroy();
      return Promise.reject(e);
    };
    if (status === 429 || status >= 500) return fail(new Transient(`HTTP ${status}${reason(res)}`, retryAfter(res)));
    if ('offset' in want) {
      if (status === 200) {
        return fail(new InputError(`${where}: the server ignores Range requests (HTTP 200 instead of 206 Partial Content); remote checkpoints are read by byte range`));
      }
      if (status !== 206) return fail(new InputError(`${where}: HTTP ${status}${reason(res)}${status === 416 ? ' (the file is shorter than its index says)' : ''}`));
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? '').trim());
      const [first, last] = [want.offset, want.offset + want.length - 1];
      const total = range?.[3] === '*' ? NaN : Number(range?.[3]);
      // A range past the end of the file comes back cut at the end (RFC 9110, 14.1.2).
      const end = Number(range?.[2]);
      if (!range || Number(range[1]) !== first || !(end === last || (end < last && end === total - 1))) {
        return fail(new Transient(`wrong Content-Range ${JSON.stringify(res.headers['content-range'] ?? null)} for bytes ${first}-${last}`));
      }
      return readBody(res, end - first + 1, this.idleTimeoutMs).then((data) => ({ data, total }));
    }
    if (status !== 200) return fail(new InputError(`${where}: HTTP ${status}${reason(res)}`));
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (declared > want.maxBytes) return fail(new InputError(`${where}: ${declared} bytes, over the ${want.maxBytes}-byte limit for this file`));
    return readBody(res, Number.isFinite(declared) ? declared : undefined, this.idleTimeoutMs, want.maxBytes).then((data) => ({ data, total: data.length }));
  }
}

/** The body, into one buffer; fewer bytes than announced, a reset or a stall is transient. */
function readBody(res: http.IncomingMessage, expected: number | undefined, idleMs: number, maxBytes = Infinity): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    let settled = false;
    const settle = (e: Error | null) => {
      if (settled) return;
      settled = true;
      if (e) {
        res.destroy();
        return reject(e);
      }
      if (expected !== undefined && got !== expected) return reject(new Transient(`short read: ${got} of ${expected} bytes`));
      resolve(chunks.length === 1 ? new Uint8Array(chunks[0]!.buffer, chunks[0]!.byteOffset, got) : Buffer.concat(chunks, got));
    };
    res.setTimeout(idleMs, () => settle(new Transient(`no data for ${idleMs / 1000} s`)));
    res.on('data', (c: Buffer) => {
      got += c.length;
      if (got > (expected ?? maxBytes)) return settle(expected !== undefined ? new Transient(`more bytes than the ${expected} announced`) : new InputError(`over the ${maxBytes}-byte limit`));
      chunks.push(c);
    });
    res.on('end', () => settle(null));
    res.on('aborted', () => settle(new Transient(`connection reset after ${got} bytes of the body`)));
    res.on('error', (e) => settle(asFailure(e, '')));
    res.on('close', () => {
      if (!res.complete) settle(new Transient(`connection closed after ${got} bytes of the body`));
    });
  });
}

function asFailure(e: unknown, where: string): Error {
  if (e instanceof Transient || e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND') return new InputError(`${where}: host not found (${code})`);
  return new Transient(`connection failed (${code ?? (e as Error).message})`);
}

function reason(res: http.IncomingMessage): string {
  return res.statusMessage ? ` ${res.statusMessage}` : '';
}

function retryAfter(res: http.IncomingMessage): number | undefined {
  const v = Number(res.headers['retry-after']);
  return Number.isFinite(v) ? v * 1000 : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
