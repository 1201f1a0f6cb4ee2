/**
 * A loopback static server for the remote-run tests: serves a folder with HTTP Range support, and injects faults on
 * request: the next N responses reset mid-body, answer 503, carry a wrong Content-Range, or come slowly; or it
 * ignores Range altogether. `/to-localhost/<path>` redirects to the same path on host `localhost` (another host to
 * the client). It records every request's host, Authorization and Range headers, and when it came and was answered;
 * it can hold the answers to length-prefix requests (`delayPrefix`).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

export interface Faults {
  /** Milliseconds to hold every answer to a request for a file's first 8 bytes (a safetensors length prefix). */
  delayPrefix: number;
  reset: number;
  unavailable: number;
  wrongRange: number;
  slow: number;
  ignoreRange: boolean;
}

export interface LoopbackServer {
  port: number;
  url: (p: string) => string;
  faults: Faults;
  requests: { host: string; path: string; authorization?: string; range?: string; start: number; end?: number }[];
  close: () => Promise<void>;
}

export async function serveFolder(root: string): Promise<LoopbackServer> {
  const faults: Faults = { delayPrefix: 0, reset: 0, unavailable: 0, wrongRange: 0, slow: 0, ignoreRange: false };
  const requests: LoopbackServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const record: LoopbackServer['requests'][number] = { host: req.headers.host ?? '', path: url.pathname, authorization: req.headers.authorization, range: req.headers.range, start: performance.now() };
    requests.push(record);
    res.on('close', () => (record.end = performance.now()));
    if (faults.delayPrefix > 0 && req.headers.range === 'bytes=0-7') {
      setTimeout(() => answer(req, res, url), faults.delayPrefix);
      return;
    }
    answer(req, res, url);
  });
  const answer = (req: http.IncomingMessage, res: http.ServerResponse, url: URL): unknown => {
    if (url.pathname.startsWith('/to-localhost/')) {
      res.writeHead(302, { location: `http://localhost:${port}${url.pathname.slice('/to-localhost'.length)}` });
      return res.end();
    }
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      return res.end('not found');
    }
    if (faults.unavailable > 0) {
      faults.unavailable--;
      res.writeHead(503, { 'retry-after': '0' });
      return res.end();
    }
    const bytes = fs.readFileSync(file);
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!m || faults.ignoreRange) {
      res.writeHead(200, { 'content-length': bytes.length });
      return res.end(bytes);
    }
    const first = Number(m[1]);
    const last = Math.min(Number(m[2]), bytes.length - 1);
    if (first >= bytes.length) {
      res.writeHead(416, { 'content-range': `bytes */${bytes.length}` });
      return res.end();
    }
    const body = bytes.subarray(first, last + 1);
    let shown = `bytes ${first}-${last}/${bytes.length}`;
    if (faults.wrongRange > 0) {
      faults.wrongRange--;
      shown = `bytes ${first + 1}-${last + 1}/${bytes.length}`;
    }
    res.writeHead(206, { 'content-range': shown, 'content-length': body.length });
    if (faults.reset > 0 && body.length > 1) {
      faults.reset--;
      res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
      return;
    }
    if (faults.slow > 0) {
      faults.slow--;
      res.write(body.subarray(0, body.length >> 1));
      setTimeout(() => res.end(body.subarray(body.length >> 1)), 150);
      return;
    }
    res.end(body);
  };
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: (p) => `http://127.0.0.1:${port}/${p}`,
    faults,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
