#!/usr/bin/env node
// Generates a ~100 MB ONNX model with the project's encoder and times reading it back.
// Usage: npx tsc -p . && node scripts/bench-read.mjs [megabytes]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeModel } from '../dist/src/onnx/encode.js';
import { decodeModel } from '../dist/src/onnx/decode.js';
import { readModel } from '../dist/src/onnx/read.js';

const megabytes = Number(process.argv[2] ?? 100);
const DT = { FLOAT: 1, FLOAT16: 10, DOUBLE: 11 };

function buildModel() {
  const initializers = [];
  let bytes = 0;
  let i = 0;
  while (bytes < megabytes * 1e6) {
    // Mix of conv-like shapes; names of varying length so raw_data alignment varies as in real files.
    const out = 64 * (1 + (i % 8));
    const dims = [out, 64, 3, 3 + (i % 3)];
    const n = dims.reduce((a, b) => a * b, 1);
    const dataType = i % 10 === 9 ? DT.FLOAT16 : i % 10 === 8 ? DT.DOUBLE : DT.FLOAT;
    const data = dataType === DT.DOUBLE ? new Float64Array(n) : new Float32Array(n);
    for (let k = 0; k < n; k++) data[k] = Math.sin(k + i) * 0.1;
    initializers.push({ name: `layer${i}.${'w'.repeat(i % 5)}weight`, dataType, dims, data });
    bytes += n * (dataType === DT.DOUBLE ? 8 : dataType === DT.FLOAT16 ? 2 : 4);
    i++;
  }
  return {
    irVersion: 8, producerName: 'bench', producerVersion: '0', opsetImports: [{ domain: '', version: 17 }], metadata: {},
    graph: { name: 'bench', nodes: [], inputs: [], outputs: [], initializers, valueInfo: [] },
  };
}

const file = path.join(os.tmpdir(), `weightscale-bench-${megabytes}mb.onnx`);
let t = performance.now();
const encoded = encodeModel(buildModel());
const encodeMs = performance.now() - t;
fs.writeFileSync(file, encoded);
const size = fs.statSync(file).size;
console.log(`model: ${file}, ${(size / 1e6).toFixed(1)} MB, encode ${encodeMs.toFixed(0)} ms`);

function best(label, fn, runs = 7) {
  let min = Infinity;
  let views = 0;
  let tensors = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const m = fn();
    min = Math.min(min, performance.now() - t0);
    tensors = m.graph.initializers.length;
    views = m.graph.initializers.filter((x) => x.data.byteLength > 0 && x.data.buffer.byteLength > x.data.byteLength).length;
  }
  console.log(`${label}: best of ${runs} ${min.toFixed(1)} ms, ${(size / 1e9 / (min / 1000)).toFixed(2)} GB/s ` +
    `(${tensors} tensors, ${views} zero-copy views)`);
}

readModel(file); // warm the page cache
const bytes = fs.readFileSync(file);
best('decodeModel (bytes in memory)', () => decodeModel(bytes, { source: file }));
best('readModel   (page cache + decode)', () => readModel(file));
best('readFileSync alone (for comparison)', () => ({ graph: { initializers: [] }, bytes: fs.readFileSync(file) }));
fs.unlinkSync(file);
