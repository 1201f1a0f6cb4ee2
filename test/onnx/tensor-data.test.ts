import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeModel, modelToProto } from '../../src/onnx/encode.js';
import { decodeModel } from '../../src/onnx/decode.js';
import { onnx, bigIntToInt64, type pb } from '../../src/onnx/proto.js';
import { floatToBfloat16, floatToHalf } from '../../src/onnx/float16.js';
import { DataType, type Tensor } from '../../src/onnx/types.js';
import { emptyGraph, modelWith } from './helpers.js';

type Long = NonNullable<pb.ITensorProto['int64Data']>[number];
const asLong = (b: bigint, unsigned = false) => bigIntToInt64(b, unsigned) as unknown as Long;

interface TypedCase {
  tensor: Tensor;
  fill(p: pb.ITensorProto): void;
}

const floats = [1.5, -2, 0.25, 65504, -0.5, 3];
const cases: TypedCase[] = [
  { tensor: { name: 'f32', dataType: DataType.FLOAT, dims: [2, 3], data: Float32Array.from(floats) }, fill: (p) => (p.floatData = floats) },
  { tensor: { name: 'f64', dataType: DataType.DOUBLE, dims: [6], data: Float64Array.from([...floats.slice(0, 5), 0.1]) }, fill: (p) => (p.doubleData = [...floats.slice(0, 5), 0.1]) },
  { tensor: { name: 'f16', dataType: DataType.FLOAT16, dims: [6], data: Float32Array.from(floats) }, fill: (p) => (p.int32Data = floats.map(floatToHalf)) },
  { tensor: { name: 'bf16', dataType: DataType.BFLOAT16, dims: [6], data: Float32Array.from([1.5, -2, 0.25, 65536, -0.5, 3]) }, fill: (p) => (p.int32Data = [1.5, -2, 0.25, 65536, -0.5, 3].map(floatToBfloat16)) },
  { tensor: { name: 'i32', dataType: DataType.INT32, dims: [2], data: Int32Array.from([-7, 2 ** 31 - 1]) }, fill: (p) => (p.int32Data = [-7, 2 ** 31 - 1]) },
  { tensor: { name: 'i16', dataType: DataType.INT16, dims: [2], data: Int16Array.from([-7, 300]) }, fill: (p) => (p.int32Data = [-7, 300]) },
  { tensor: { name: 'u16', dataType: DataType.UINT16, dims: [2], data: Uint16Array.from([7, 65535]) }, fill: (p) => (p.int32Data = [7, 65535]) },
  { tensor: { name: 'i8', dataType: DataType.INT8, dims: [2], data: Int8Array.from([-128, 5]) }, fill: (p) => (p.int32Data = [-128, 5]) },
  { tensor: { name: 'u8', dataType: DataType.UINT8, dims: [2], data: Uint8Array.from([255, 5]) }, fill: (p) => (p.int32Data = [255, 5]) },
  { tensor: { name: 'bool', dataType: DataType.BOOL, dims: [3], data: Uint8Array.from([1, 0, 1]) }, fill: (p) => (p.int32Data = [1, 0, 1]) },
  {
    tensor: { name: 'i64', dataType: DataType.INT64, dims: [3], data: BigInt64Array.from([-1n, 2n ** 62n, -(2n ** 63n)]) },
    fill: (p) => (p.int64Data = [asLong(-1n), asLong(2n ** 62n), asLong(-(2n ** 63n))]),
  },
  {
    tensor: { name: 'u64', dataType: DataType.UINT64, dims: [2], data: BigUint64Array.from([2n ** 64n - 1n, 3n]) },
    fill: (p) => (p.uint64Data = [asLong(2n ** 64n - 1n, true), asLong(3n, true)]),
  },
  { tensor: { name: 'u32', dataType: DataType.UINT32, dims: [2], data: Uint32Array.from([4294967295, 3]) }, fill: (p) => (p.uint64Data = [4294967295, 3]) },
  { tensor: { name: 'c64', dataType: DataType.COMPLEX64, dims: [1], data: Float32Array.from([1, -2]) }, fill: (p) => (p.floatData = [1, -2]) },
];

test('typed fields and raw_data decode to identical values for every dtype', () => {
  const model = modelWith(emptyGraph(cases.map((c) => c.tensor)));
  const fromRaw = decodeModel(encodeModel(model), { source: 'raw.onnx' });
  const proto = modelToProto(model);
  proto.graph!.initializer!.forEach((p, i) => {
    p.rawData = new Uint8Array(0);
    cases[i].fill(p);
  });
  const fromTyped = decodeModel(onnx.ModelProto.encode(proto).finish(), { source: 'typed.onnx' });
  for (let i = 0; i < cases.length; i++) {
    const name = cases[i].tensor.name;
    assert.deepEqual(fromTyped.graph.initializers[i].data, cases[i].tensor.data, `${name} from typed field`);
    assert.deepEqual(fromRaw.graph.initializers[i].data, cases[i].tensor.data, `${name} from raw_data`);
  }
});

test('aligned FLOAT/DOUBLE raw_data is a view on the input buffer; misaligned is a correct copy', () => {
  const f = Float32Array.from({ length: 33 }, (_, i) => i * 0.5 - 3);
  const d = Float64Array.from({ length: 17 }, (_, i) => i / 3);
  const model = modelWith(
    emptyGraph([
      { name: 'f', dataType: DataType.FLOAT, dims: [33], data: f },
      { name: 'd', dataType: DataType.DOUBLE, dims: [17], data: d },
    ]),
  );
  const bytes = encodeModel(model);
  const seen = { view: 0, copy: 0 };
  for (let shift = 0; shift < 8; shift++) {
    const holder = new Uint8Array(new ArrayBuffer(bytes.length + 8), shift, bytes.length);
    holder.set(bytes);
    const m = decodeModel(holder, { source: 'shifted.onnx' });
    for (const t of m.graph.initializers) {
      assert.deepEqual(t.data, t.name === 'f' ? f : d);
      const aligned = t.data.byteOffset % t.data.BYTES_PER_ELEMENT === 0;
      if (t.data.buffer === holder.buffer) {
        seen.view++;
        assert.ok(aligned);
        assert.ok(t.data.byteOffset >= holder.byteOffset && t.data.byteOffset + t.data.byteLength <= holder.byteOffset + holder.length);
      } else {
        seen.copy++;
        assert.equal(t.data.byteOffset, 0);
        assert.equal(t.data.buffer.byteLength, t.data.byteLength);
      }
    }
  }
  // Over 8 shifts the 4-byte tensor is aligned twice and the 8-byte tensor once.
  assert.equal(seen.view, 3);
  assert.equal(seen.copy, 13);
});

test('protobufjs bytes fields are subarrays of the input, for Buffer and Uint8Array input', () => {
  const model = modelWith(emptyGraph([{ name: 'w', dataType: DataType.FLOAT, dims: [4], data: Float32Array.from([1, 2, 3, 4]) }]));
  const encoded = encodeModel(model);
  for (const input of [Buffer.from(encoded), new Uint8Array(encoded)]) {
    const raw = onnx.ModelProto.decode(input).graph!.initializer![0].rawData!;
    assert.equal(raw.length, 16);
    assert.equal(raw.buffer, input.buffer);
  }
});

test('encodeModel aligns every raw_data to its element size, so reading an aligned buffer copies nothing', () => {
  const tensors: Tensor[] = [];
  for (let i = 0; i < 40; i++) {
    const name = 'layer'.repeat(1 + (i % 7)) + i;
    if (i % 3 === 0) tensors.push({ name, dataType: DataType.DOUBLE, dims: [i + 1], data: new Float64Array(i + 1).fill(i) });
    else if (i % 3 === 1) tensors.push({ name, dataType: DataType.FLOAT, dims: [i * 50 + 1], data: new Float32Array(i * 50 + 1).fill(-i) });
    else tensors.push({ name, dataType: DataType.INT64, dims: [2], data: BigInt64Array.from([BigInt(i), -1n]) });
  }
  const bytes = encodeModel(modelWith(emptyGraph(tensors)));
  const m = decodeModel(bytes, { source: 'aligned.onnx' });
  for (const [i, t] of m.graph.initializers.entries()) {
    assert.equal(t.data.buffer, bytes.buffer, `${t.name} is a view`);
    assert.deepEqual(t.data, tensors[i].data);
  }
  // the same model written by plain protobufjs decodes to the same values
  const plain = decodeModel(onnx.ModelProto.encode(modelToProto(modelWith(emptyGraph(tensors)))).finish(), { source: 'plain.onnx' });
  assert.deepEqual(plain.graph.initializers.map((t) => t.data), tensors.map((t) => t.data));
});
