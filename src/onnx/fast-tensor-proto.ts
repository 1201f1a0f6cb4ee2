/**
 * Replacement for the generated `onnx.TensorProto.decode`. Identical results, except that packed float_data and
 * double_data come back as Float32Array/Float64Array taken straight from the input bytes (a view when aligned)
 * instead of being pushed into a JS array one element at a time (so they decode about as fast as raw_data).
 * Packed lengths are also checked against the enclosing message.
 */
import { createRequire } from 'node:module';
import onnxProto from 'onnx-proto';
import { LITTLE_ENDIAN_HOST } from './dtype.js';

const { onnx } = onnxProto;
type Reader = Exclude<Parameters<typeof onnx.TensorProto.decode>[0], Uint8Array>;
// The Reader class of the protobufjs copy that onnx-proto itself loads (it may differ from the top-level one).
const requireFromOnnxProto = createRequire(createRequire(import.meta.url).resolve('onnx-proto'));
const { Reader: OnnxProtoReader } = requireFromOnnxProto('protobufjs/minimal') as {
  Reader: { new (buf: Uint8Array): Reader; create(buf: Uint8Array): Reader };
};
type Message = onnxProto.onnx.TensorProto & Record<string, unknown>;

const WIRE_LEN = 2;

/** The onnx-proto decoder this module replaces; kept for comparison in tests. */
export const generatedTensorDecode = onnx.TensorProto.decode;

function packedFloats<C extends Float32ArrayConstructor | Float64ArrayConstructor>(
  Ctor: C,
  reader: Reader,
  end: number,
): InstanceType<C> {
  const byteLength = reader.uint32();
  const start = reader.pos;
  const w = Ctor.BYTES_PER_ELEMENT;
  if (start + byteLength > end || byteLength % w !== 0) {
    throw new Error(`invalid packed ${w === 4 ? 'float_data' : 'double_data'} length ${byteLength} at offset ${start}`);
  }
  reader.pos += byteLength;
  const bytes = reader.buf.subarray(start, start + byteLength);
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % w === 0) {
    return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, byteLength / w) as InstanceType<C>;
  }
  const out = new Ctor(byteLength / w) as InstanceType<C>;
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(out.buffer).set(bytes);
  } else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = w === 4 ? dv.getFloat32(i * 4, true) : dv.getFloat64(i * 8, true);
  }
  return out;
}

/** Appends to a repeated field that may be a JS array or (after a packed chunk) a typed array. */
function append(message: Message, key: string, values: ArrayLike<number> | number): void {
  const prev = message[key] as ArrayLike<number> | number[] | undefined;
  if (!prev || prev.length === 0) {
    message[key] = typeof values === 'number' ? [values] : values;
    return;
  }
  const list = Array.isArray(prev) && !Object.isFrozen(prev) ? prev : Array.from(prev);
  if (typeof values === 'number') list.push(values);
  else for (let i = 0; i < values.length; i++) list.push(values[i]);
  message[key] = list;
}

function pushRepeated(message: Message, key: string, tag: number, reader: Reader, end: number, read: () => unknown): void {
  let list = message[key] as unknown[] | undefined;
  if (!list || list.length === 0) message[key] = list = [];
  if ((tag & 7) === WIRE_LEN) {
    const end2 = reader.uint32() + reader.pos;
    if (end2 > end) throw new Error(`packed field ${tag >>> 3} runs past the end of its TensorProto`);
    while (reader.pos < end2) list.push(read());
  } else {
    list.push(read());
  }
}

export function decodeTensorProto(input: Reader | Uint8Array, length?: number): onnxProto.onnx.TensorProto {
  const r = input instanceof OnnxProtoReader ? input : OnnxProtoReader.create(input as Uint8Array);
  const end = length === undefined ? r.len : r.pos + length;
  const message = new onnx.TensorProto() as Message;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        pushRepeated(message, 'dims', tag, r, end, () => r.int64());
        break;
      case 2:
        message.dataType = r.int32();
        break;
      case 3:
        message.segment = onnx.TensorProto.Segment.decode(r, r.uint32());
        break;
      case 4:
        if ((tag & 7) === WIRE_LEN) append(message, 'floatData', packedFloats(Float32Array, r, end));
        else append(message, 'floatData', r.float());
        break;
      case 5:
        pushRepeated(message, 'int32Data', tag, r, end, () => r.int32());
        break;
      case 6:
        (message.stringData = message.stringData.length ? message.stringData : []).push(r.bytes());
        break;
      case 7:
        pushRepeated(message, 'int64Data', tag, r, end, () => r.int64());
        break;
      case 8:
        message.name = r.string();
        break;
      case 12:
        message.docString = r.string();
        break;
      case 9:
        message.rawData = r.bytes();
        break;
      case 13:
        (message.externalData = message.externalData.length ? message.externalData : []).push(
          onnx.StringStringEntryProto.decode(r, r.uint32()),
        );
        break;
      case 14:
        message.dataLocation = r.int32();
        break;
      case 10:
        if ((tag & 7) === WIRE_LEN) append(message, 'doubleData', packedFloats(Float64Array, r, end));
        else append(message, 'doubleData', r.double());
        break;
      case 11:
        pushRepeated(message, 'uint64Data', tag, r, end, () => r.uint64());
        break;
      default:
        r.skipType(tag & 7);
        break;
    }
  }
  return message;
}

/** Makes every TensorProto decoded through onnx-proto (inside ModelProto.decode too) use `decodeTensorProto`. */
export function installFastTensorDecode(): void {
  onnx.TensorProto.decode = decodeTensorProto as typeof onnx.TensorProto.decode;
}
