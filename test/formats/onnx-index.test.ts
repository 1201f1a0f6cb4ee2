import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { indexOnnx } from '../../src/formats/onnx-index.js';
import { TensorReader } from '../../src/checkpoint/read-tensor.js';
import { readModel } from '../../src/onnx/read.js';
import { onnx } from '../../src/onnx/proto.js';
import { DataType, FLOAT_DTYPES, type FloatData } from '../../src/onnx/types.js';
import { fileURLToPath } from 'node:url';

const fixturePath = (...parts: string[]) => fileURLToPath(new URL(`../../../fixtures/${parts.join('/')}`, import.meta.url));

const FILES = [
  ...readdirSync(fixturePath('pytorch')).filter((f) => f.endsWith('.onnx')).map((f) => fixturePath('pytorch', f)),
  ...readdirSync(fixturePath('pytorch', 'lenet-run')).filter((f) => f.endsWith('.onnx')).map((f) => fixturePath('pytorch', 'lenet-run', f)),
  fixturePath('onnx', 'reference.onnx'),
];

function assertSameValues(actual: FloatData, expected: FloatData, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}[${i}]: ${actual[i]} != ${expected[i]}`);
  }
}

test('every float tensor read through the index equals the fully decoded tensor (all fixtures: unaligned raw_data, external data, float16, double)', () => {
  const reader = new TensorReader();
  let checked = 0;
  for (const file of FILES) {
    const full = readModel(file);
    const index = indexOnnx(file);
    for (const t of full.graph.initializers.filter((t) => FLOAT_DTYPES.has(t.dataType))) {
      const entry = index.tensors.get(t.name);
      assert.ok(entry, `${file}: ${t.name} indexed`);
      assert.deepEqual(entry.shape, t.dims);
      assertSameValues(reader.read(entry), t.data as FloatData, `${file}: ${t.name}`);
      if (entry.elements > 3) {
        const part = reader.readRange(entry, 1, entry.elements - 2, entry.dataType === DataType.DOUBLE ? new Float64Array(entry.elements) : new Float32Array(entry.elements));
        assertSameValues(part, (t.data as FloatData).subarray(1, entry.elements - 1), `${file}: ${t.name} range`);
      }
      checked++;
    }
    assert.equal(index.tensors.size >= full.graph.initializers.filter((t) => FLOAT_DTYPES.has(t.dataType)).length, true);
  }
  reader.close();
  assert.ok(checked > 200, `checked ${checked} tensors`);
});

test('the index keeps large weights on disk: graph tensors have no data, only a byte range', () => {
  const index = indexOnnx(fixturePath('pytorch', 'resnet-bn.onnx'));
  const onDisk = [...index.tensors.values()].filter((e) => e.storage.kind === 'file');
  assert.ok(onDisk.length > 0);
  for (const e of onDisk) {
    const t = index.graph!.initializers.find((i) => i.name === e.name)!;
    assert.equal(t.data.length, 0);
    assert.ok(e.storage.kind === 'file' && e.storage.bytes === e.elements * 4);
  }
});

test('typed-field tensors (float_data, int32_data for float16/bfloat16) and Constant-node weights are indexed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-index-'));
  const T = onnx.TensorProto;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'g',
      input: [{ name: 'x' }],
      output: [{ name: 'y' }],
      initializer: [
        { name: 'w_float', dataType: T.DataType.FLOAT, dims: [2, 2], floatData: [1.5, -2, 3, 4] },
        // float16 bits of 1, -2 and bfloat16 bits of 1, -2 in int32_data
        { name: 'w_half', dataType: T.DataType.FLOAT16, dims: [2], int32Data: [0x3c00, 0xc000] },
        { name: 'w_bf16', dataType: T.DataType.BFLOAT16, dims: [2], int32Data: [0x3f80, 0xc000] },
      ],
      node: [
        { opType: 'Constant', output: ['c'], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: { dataType: T.DataType.FLOAT, dims: [300, 2], rawData: new Uint8Array(new Float32Array(600).fill(0.25).buffer) } }] },
        { opType: 'MatMul', input: ['x', 'c'], output: ['m'] },
        { opType: 'Gemm', input: ['m', 'w_float'], output: ['y'] },
      ],
    },
  });
  const file = join(dir, 'typed.onnx');
  writeFileSync(file, onnx.ModelProto.encode(model).finish());
  const index = indexOnnx(file);
  const reader = new TensorReader();
  assert.deepEqual(Array.from(reader.read(index.tensors.get('w_float')!)), [1.5, -2, 3, 4]);
  assert.deepEqual(Array.from(reader.read(index.tensors.get('w_half')!)), [1, -2]);
  assert.deepEqual(Array.from(reader.read(index.tensors.get('w_bf16')!)), [1, -2]);
  const c = index.tensors.get('c')!;
  assert.equal(c.storage.kind, 'file', 'a 2400-byte Constant payload stays on disk');
  assert.deepEqual(c.shape, [300, 2]);
  assert.ok(reader.read(c).every((v) => v === 0.25));
  reader.close();
});
