import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx, type pb } from '../../src/onnx/proto.js';
import { decodeTensorProto, generatedTensorDecode } from '../../src/onnx/fast-tensor-proto.js';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const field = (num: number, wire: number) => varint((num << 3) | wire);
const lenField = (num: number, body: number[]) => [...field(num, 2), ...varint(body.length), ...body];
const f32 = (v: number) => Array.from(new Uint8Array(Float32Array.of(v).buffer));
const f64 = (v: number) => Array.from(new Uint8Array(Float64Array.of(v).buffer));
const utf8 = (s: string) => Array.from(Buffer.from(s));

/** Plain JSON-able view of a decoded message (typed arrays and Longs normalised). */
function plain(m: unknown): unknown {
  return JSON.parse(
    JSON.stringify(onnx.TensorProto.toObject(m as pb.TensorProto, { longs: String, bytes: Array, defaults: false, arrays: false }), (_k, v) =>
      ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v,
    ),
  );
}

const samples: Record<string, number[]> = {
  'packed floats, packed dims': [...lenField(1, [...varint(2), ...varint(3)]), ...field(2, 0), 1, ...lenField(4, [1, 2, 3, 4, 5, 6].flatMap(f32))],
  'unpacked floats and dims': [...field(1, 0), 2, ...field(1, 0), 1, ...field(4, 5), ...f32(1.5), ...field(4, 5), ...f32(-2)],
  'packed then unpacked floats': [...lenField(4, [1, 2].flatMap(f32)), ...field(4, 5), ...f32(3), ...lenField(4, f32(4))],
  'misaligned packed doubles': [...field(2, 0), 11, ...lenField(10, [0.1, -1e300, 5e-324].flatMap(f64))],
  'unpacked doubles': [...field(10, 1), ...f64(Math.PI), ...field(10, 1), ...f64(-0.5)],
  'int32/int64/uint64 data, strings': [
    ...lenField(5, [...varint(0x3c00), ...varint(0xc000)]),
    ...field(5, 0), 7,
    ...lenField(7, [...varint(5), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    ...lenField(11, varint(2 ** 40)),
    ...lenField(6, utf8('ab')), ...lenField(6, utf8('')),
  ],
  'name, doc, raw, external, segment, unknown field': [
    ...lenField(8, utf8('conv.weight')),
    ...lenField(12, utf8('doc')),
    ...lenField(9, [1, 2, 3, 4]),
    ...lenField(13, [...lenField(1, utf8('location')), ...lenField(2, utf8('w.bin'))]),
    ...lenField(13, [...lenField(1, utf8('offset')), ...lenField(2, utf8('16'))]),
    ...field(14, 0), 1,
    ...lenField(3, [...field(1, 0), 4, ...field(2, 0), 8]),
    ...field(99, 0), 5,
  ],
};

test('the fast TensorProto decoder gives the same message as the generated one', () => {
  for (const [name, bytes] of Object.entries(samples)) {
    for (const shift of [0, 1, 2, 3]) {
      const buf = new Uint8Array(bytes.length + shift).subarray(shift);
      buf.set(bytes);
      assert.deepEqual(plain(decodeTensorProto(buf)), plain(generatedTensorDecode(buf)), `${name}, shift ${shift}`);
    }
  }
});

test('packed float_data is a view on the input when aligned', () => {
  const body = lenField(4, [1, 2, 3].flatMap(f32));
  const bytes = new Uint8Array(body.length + 2);
  // place the payload (after 1 tag byte and 1 length byte) at offset 4
  bytes.set(body, 2);
  const t = decodeTensorProto(bytes.subarray(2));
  assert.ok(t.floatData instanceof Float32Array);
  assert.equal((t.floatData as unknown as Float32Array).buffer, bytes.buffer);
  assert.deepEqual(Array.from(t.floatData), [1, 2, 3]);
});

test('packed lengths that overrun the message or are not a multiple of the element size are errors', () => {
  assert.throws(() => decodeTensorProto(Uint8Array.from([...field(4, 2), 8, ...f32(1)])));
  assert.throws(() => decodeTensorProto(Uint8Array.from([...field(4, 2), 3, 0, 0, 0])), /invalid packed float_data/);
  assert.throws(() => decodeTensorProto(Uint8Array.from([...field(5, 2), 9, 1, 2])), /runs past the end/);
});

test('many unpacked float_data elements decode, each to its value', () => {
  const n = 200_000;
  const bytes = new Uint8Array(n * 5);
  for (let i = 0; i < n; i++) {
    bytes[i * 5] = (4 << 3) | 5;
    bytes.set(f32(i), i * 5 + 1);
  }
  const t = decodeTensorProto(bytes);
  assert.equal(t.floatData.length, n);
  let mismatches = 0;
  for (let i = 0; i < n; i++) if (t.floatData[i] !== i) mismatches++;
  assert.equal(mismatches, 0);
});
