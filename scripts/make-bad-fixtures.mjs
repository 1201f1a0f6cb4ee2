#!/usr/bin/env node
// Writes the deliberately broken ONNX files under fixtures/bad/ and their expected errors, fixtures/bad/cases.json.
// Usage: npx tsc -p . && node scripts/make-bad-fixtures.mjs
// Symlink and hard-link cases are not committed; test/onnx/external-data.test.ts creates them in a temp dir.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeModel, modelToProto } from '../dist/src/onnx/encode.js';
import { onnx } from '../dist/src/onnx/proto.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'fixtures', 'bad');
const FLOAT = 1;

function model(initializers) {
  return {
    irVersion: 8,
    producerName: 'make-bad-fixtures',
    producerVersion: '1',
    opsetImports: [{ domain: '', version: 17 }],
    metadata: { 'weightscale.epoch': '1' },
    graph: {
      name: 'g',
      nodes: [{ name: 'fc', opType: 'MatMul', domain: '', inputs: ['x', 'w'], outputs: ['y'], attributes: {} }],
      inputs: [{ name: 'x', elemType: FLOAT, shape: ['N', 4] }],
      outputs: [{ name: 'y', elemType: FLOAT, shape: ['N', 4] }],
      initializers,
      valueInfo: [],
    },
  };
}

const w16 = () => ({ name: 'w', dataType: FLOAT, dims: [4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i / 4) });

/** Proto of a valid model whose tensor "w" is then edited by `edit`. */
function protoBytes(edit) {
  const proto = modelToProto(model([w16()]));
  edit(proto.graph.initializer[0], proto);
  return onnx.ModelProto.encode(proto).finish();
}

function external(entries) {
  return protoBytes((t) => {
    t.rawData = new Uint8Array(0);
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = Object.entries(entries).map(([key, value]) => ({ key, value: String(value) }));
  });
}

const valid = encodeModel(model([w16()]));
const cases = [];
function add(file, bytes, expect, note) {
  fs.writeFileSync(path.join(outDir, file), bytes);
  cases.push({ file, expect, note });
}

fs.mkdirSync(outDir, { recursive: true });
// The safetensors cases (st-*) are written by scripts/make-safetensors-fixtures.py: keep them and their entries.
const casesPath = path.join(outDir, 'cases.json');
const keptCases = fs.existsSync(casesPath) ? JSON.parse(fs.readFileSync(casesPath, 'utf8')).filter((c) => c.file.startsWith('st-')) : [];
for (const f of fs.readdirSync(outDir)) if (!f.startsWith('st-')) fs.unlinkSync(path.join(outDir, f));

add('not-protobuf.onnx', 'This is a text file, not an ONNX model.\n', ['not an ONNX model'], 'plain text');
add('empty.onnx', new Uint8Array(0), ['empty file'], 'zero bytes');
add('truncated.onnx', valid.subarray(0, Math.floor(valid.length / 2)), ['truncated or corrupt'], 'a valid model cut in half');
add('garbage-parses.onnx', Uint8Array.from([0x78, 0x01, 0x80, 0x01, 0x05, 0x10, 0x2a]), ['not an ONNX model'],
  'bytes that protobuf parses (unknown varint fields) but are no model');
add('no-ir-version.onnx', protoBytes((_t, m) => { delete m.irVersion; }), ['ir_version'], 'graph but ir_version unset');
add('size-mismatch.onnx', protoBytes((t) => { t.rawData = t.rawData.subarray(0, 32); }),
  ['tensor "w"', 'need 64 bytes', 'raw_data has 32'], 'raw_data shorter than dims say');
add('typed-field-mismatch.onnx', protoBytes((t) => { t.rawData = new Uint8Array(0); t.floatData = [1, 2, 3]; }),
  ['tensor "w"', 'float_data has 3'], 'float_data with fewer values than dims say');
add('huge-dims.onnx', protoBytes((t) => { t.dims = [1000000, 1000000, 1000]; }),
  ['tensor "w"', 'need 4000000000000000 bytes'], 'declares 10^15 elements with 64 bytes of data');
add('overflow-dims.onnx', protoBytes((t) => { t.dims = [4294967296, 4294967296]; }),
  ['tensor "w"', 'impossibly large'], 'element count not representable');
add('negative-dims.onnx', protoBytes((t) => { t.dims = [-4, 4]; }), ['tensor "w"', 'negative dimension'], 'dims [-4, 4]');
add('external-missing.onnx', external({ location: 'missing.bin', offset: 0, length: 64 }), ['tensor "w"', 'not found'],
  'external file does not exist');
fs.writeFileSync(path.join(outDir, 'external-short.bin'), new Uint8Array(40));
add('external-short.onnx', external({ location: 'external-short.bin', offset: 0, length: 64 }), ['tensor "w"', 'too short'],
  'external file has 40 of the 64 bytes');
add('external-offset-beyond.onnx', external({ location: 'external-short.bin', offset: 100 }), ['tensor "w"', 'beyond the end'],
  'offset past the end of the external file');
add('external-length-mismatch.onnx', external({ location: 'external-short.bin', offset: 0, length: 32 }),
  ['tensor "w"', 'does not match'], 'length key disagrees with dims');
add('external-absolute.onnx', external({ location: '/etc/passwd', offset: 0, length: 64 }), ['tensor "w"', 'absolute path'],
  'absolute location');
add('external-escape.onnx', external({ location: '../x.bin', offset: 0, length: 64 }), ['tensor "w"', 'escapes'],
  'location ../x.bin');
add('external-nested-escape.onnx', external({ location: 'a/../../x.bin', offset: 0, length: 64 }), ['tensor "w"', 'escapes'],
  'location a/../../x.bin');
add('external-no-location.onnx', external({ offset: 0, length: 64 }), ['tensor "w"', 'no "location"'], 'external_data without location');

fs.writeFileSync(casesPath, JSON.stringify([...cases, ...keptCases], null, 2) + '\n');
console.log(`wrote ${cases.length} cases to ${path.relative(root, outDir)}`);
