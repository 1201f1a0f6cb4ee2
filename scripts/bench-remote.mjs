#!/usr/bin/env node
// Loopback remote read vs local read of the same safetensors run, in MB/s of the streaming pass (analyze --debug's
// "pass" timing): writes a run of CHECKPOINTS float32 files of about MB_PER_CHECKPOINT MB in a temporary folder,
// serves it from this process over HTTP with Range support, analyzes a run list of local paths and one of URLs, and
// deletes the run. Usage: node scripts/bench-remote.mjs [MB total, default 500] [--connections N]. Needs `npm run build`.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const totalMB = Number(process.argv[2] ?? 500);
const connections = process.argv.includes('--connections') ? process.argv[process.argv.indexOf('--connections') + 1] : '8';
const CHECKPOINTS = 5;
const bin = new URL('../bin/weightscale.js', import.meta.url).pathname;
const root = fs.mkdtempSync(join(tmpdir(), 'weightscale-bench-remote-'));

function writeCheckpoint(file, t, elementsPerTensor, tensors) {
  const header = {};
  for (let i = 0; i < tensors; i++) {
    header[`layers.${i}.weight`] = { dtype: 'F32', shape: [elementsPerTensor / 1024, 1024], data_offsets: [i * elementsPerTensor * 4, (i + 1) * elementsPerTensor * 4] };
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, Buffer.concat([len, json]));
  const data = new Float32Array(elementsPerTensor);
  for (let i = 0; i < tensors; i++) {
    for (let j = 0; j < data.length; j++) data[j] = Math.sin(j * 0.001 + i) * (1 + 0.05 * t) + ((j * 7919) % 13) * 1e-3 * t;
    fs.writeSync(fd, new Uint8Array(data.buffer));
  }
  fs.closeSync(fd);
}

function serve() {
  const server = http.createServer((req, res) => {
    const file = join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let size;
    try {
      size = fs.statSync(file).size;
    } catch {
      res.writeHead(404);
      return res.end();
    }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!m) {
      res.writeHead(200, { 'content-length': size });
      return fs.createReadStream(file).pipe(res);
    }
    const [first, last] = [Number(m[1]), Math.min(Number(m[2]), size - 1)];
    res.writeHead(206, { 'content-range': `bytes ${first}-${last}/${size}`, 'content-length': last - first + 1 });
    fs.createReadStream(file, { start: first, end: last }).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function analyze(list, out) {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [bin, 'analyze', list, '--out', out, '--format', 'json', '--quiet', '--debug', '--no-cache', '--connections', connections], (e, _o, stderr) => {
      if (e) return reject(new Error(stderr));
      const pass = /pass ([\d.]+) s/.exec(stderr);
      const read = /\(pass ([\d.]+) GB/.exec(stderr);
      const index = /index ([\d.]+) s/.exec(stderr);
      resolve({ passSeconds: Number(pass[1]), gb: Number(read[1]), indexSeconds: Number(index[1]) });
    }),
  );
}

const tensors = 8;
const elementsPerTensor = Math.max(1024, Math.round((totalMB * 2 ** 20) / CHECKPOINTS / tensors / 4 / 1024) * 1024);
const names = Array.from({ length: CHECKPOINTS }, (_, t) => `epoch-${t}.safetensors`);
try {
  names.forEach((n, t) => writeCheckpoint(join(root, n), t, elementsPerTensor, tensors));
  const server = await serve();
  const port = server.address().port;
  fs.writeFileSync(join(root, 'local.txt'), names.join('\n'));
  fs.writeFileSync(join(root, 'remote.txt'), names.map((n) => `http://127.0.0.1:${port}/${n}`).join('\n'));
  for (const kind of ['local', 'remote', 'local', 'remote']) {
    const r = await analyze(join(root, `${kind}.txt`), join(root, `out-${kind}`));
    console.log(`${kind.padEnd(6)} ${(r.gb * 1000).toFixed(0)} MB read in ${r.passSeconds.toFixed(2)} s: ${((r.gb * 1000) / r.passSeconds).toFixed(0)} MB/s (index ${r.indexSeconds.toFixed(2)} s)`);
  }
  server.close();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
