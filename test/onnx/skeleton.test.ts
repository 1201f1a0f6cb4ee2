import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from '../../src/onnx/proto.js';
import { readSkeleton, SELF_LOCATION } from '../../src/onnx/skeleton.js';
import { tempDir } from '../util/temp-dir.js';

const T = onnx.TensorProto;

function modelBytes(initializer: object[], nodes: object[] = []): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, producerName: 'test', opsetImport: [{ domain: '', version: 17 }], graph: { name: 'g', initializer, node: nodes } }),
  ).finish();
}

function rawFloats(count: number, value: number): Uint8Array {
  return new Uint8Array(new Float32Array(count).fill(value).buffer);
}

test('a model without large payloads is its own skeleton, byte for byte', (t) => {
  const file = join(tempDir('onnx', t), 'small.onnx');
  const bytes = modelBytes(
    [{ name: 'w', dataType: T.DataType.FLOAT, dims: [2, 2], rawData: rawFloats(4, 0.5) }],
    [{ opType: 'Relu', input: ['w'], output: ['y'], attribute: [{ name: 'a', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1 }] }],
  );
  writeFileSync(file, bytes);
  assert.deepEqual(Buffer.from(readSkeleton(file)), Buffer.from(bytes));
});

test('large raw_data (initializers and Constant tensors) becomes a self reference; everything else is kept', (t) => {
  const file = join(tempDir('onnx', t), 'large.onnx');
  const big = rawFloats(300, 0.25); // 1200 bytes: left on disk
  const bytes = modelBytes(
    [
      { name: 'big', dataType: T.DataType.FLOAT, dims: [300], rawData: big, docString: 'after the payload' },
      { name: 'small', dataType: T.DataType.FLOAT, dims: [2], rawData: rawFloats(2, 1) },
    ],
    [{ opType: 'Constant', output: ['c'], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: { dataType: T.DataType.FLOAT, dims: [300], rawData: big } }] }],
  );
  writeFileSync(file, bytes);
  const skeleton = onnx.ModelProto.decode(readSkeleton(file));
  const full = onnx.ModelProto.decode(new Uint8Array(readFileSync(file)));
  const offsets: number[] = [];
  for (const [tensor, original] of [
    [skeleton.graph!.initializer![0], full.graph!.initializer![0]],
    [skeleton.graph!.node![0].attribute![0].t!, full.graph!.node![0].attribute![0].t!],
  ] as const) {
    assert.equal(tensor.rawData?.length ?? 0, 0);
    assert.equal(tensor.dataLocation, T.DataLocation.EXTERNAL);
    const entries = Object.fromEntries(tensor.externalData!.map((e) => [e.key, e.value]));
    assert.equal(entries.location, SELF_LOCATION);
    assert.equal(Number(entries.length), big.length);
    const offset = Number(entries.offset);
    assert.deepEqual(Buffer.from(bytes.subarray(offset, offset + big.length)), Buffer.from(big), 'the reference points at the payload');
    offsets.push(offset);
    assert.equal(tensor.name, original.name);
    assert.deepEqual(tensor.dims!.map(Number), original.dims!.map(Number));
  }
  assert.notEqual(offsets[0], offsets[1]);
  assert.equal(skeleton.graph!.initializer![0].docString, 'after the payload');
  assert.deepEqual(skeleton.graph!.initializer![1], full.graph!.initializer![1], 'a small tensor is kept as it is');
  assert.equal(skeleton.producerName, 'test');
  assert.equal(skeleton.graph!.node![0].opType, 'Constant');
});
