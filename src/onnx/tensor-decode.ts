/** TensorProto -> Tensor: size checks before any allocation, raw_data / typed fields / external data. */
import { InputError } from '../errors.js';
import { DataType, FLOAT_DTYPES, type Tensor, type TensorData } from './types.js';
import { LITTLE_ENDIAN_HOST, dtypeName, elementSize, isKnownDtype, storedAs, type AnyTypedCtor } from './dtype.js';
import { bfloat16BitsToFloat32, halfBitsToFloat32 } from './float16.js';
import { onnx, int64ToBigInt, int64ToSafeNumber, type Int64Field, type pb } from './proto.js';
import type { ExternalDataReader } from './external-data.js';

export interface TensorContext {
  source: string;
  external: ExternalDataReader;
  /** Float tensors in external data (or skeleton raw_data references) are located, not read. */
  deferWeights?: boolean;
}


const EMPTY = new Uint8Array(0);
const EMPTY_FLOAT = new Float32Array(0);

export function decodeDims(where: string, dims: ReadonlyArray<Int64Field> | null | undefined): number[] {
  const out: number[] = [];
  for (const d of dims ?? []) {
    const n = int64ToSafeNumber(d);
    if (n === undefined) throw new InputError(`${where}: dimension ${int64ToBigInt(d)} is too large`);
    if (n < 0) throw new InputError(`${where}: negative dimension ${n} in dims`);
    out.push(n);
  }
  return out;
}

/** Product of dims, refusing counts that are not exact in a double (validation of a file's dims). */
function checkedElementCount(where: string, dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) {
    n *= d;
    if (!Number.isSafeInteger(n)) throw new InputError(`${where}: dims [${dims.join(', ')}] declare an impossibly large element count`);
  }
  return n;
}

export function decodeTensor(p: pb.ITensorProto, ctx: TensorContext): Tensor {
  const name = p.name ?? '';
  const where = `${ctx.source}: tensor "${name}"`;
  const dataType = (p.dataType ?? DataType.UNDEFINED) as DataType;
  const dims = decodeDims(where, p.dims as Int64Field[] | null | undefined);
  const count = checkedElementCount(where, dims);
  const tensor = (data: TensorData, source = ctx.source): Tensor => ({ name, dataType, dims, data, source });

  if (dataType === DataType.STRING || !isKnownDtype(dataType) || dataType === DataType.UNDEFINED) {
    // Not numbers we could use; unknown (newer) dtypes keep their raw bytes as they are.
    const raw = p.rawData && dataType !== DataType.STRING ? p.rawData : EMPTY;
    return tensor(raw);
  }
  const components = dataType === DataType.COMPLEX64 || dataType === DataType.COMPLEX128 ? 2 : 1;
  const values = count * components;
  const byteLength = count * elementSize(dataType);
  if (!Number.isSafeInteger(byteLength)) {
    throw new InputError(`${where}: dims [${dims.join(', ')}] declare an impossibly large ${dtypeName(dataType)} tensor`);
  }

  if (p.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    if (ctx.deferWeights && FLOAT_DTYPES.has(dataType)) {
      const range = ctx.external.locate(name, p.externalData ?? [], byteLength);
      return { ...tensor(EMPTY_FLOAT), range };
    }
    const bytes = ctx.external.read(name, p.externalData ?? [], byteLength);
    const loc = p.externalData?.find((e) => e.key === 'location')?.value ?? '';
    const off = p.externalData?.find((e) => e.key === 'offset')?.value ?? '0';
    return tensor(fromRaw(dataType, bytes, values), `${loc}@${off}`);
  }

  const raw = p.rawData ?? EMPTY;
  if (raw.length > 0 || typedFieldLength(p, dataType) === 0) {
    if (raw.length !== byteLength) {
      throw new InputError(
        `${where}: ${dtypeName(dataType)} dims [${dims.join(', ')}] need ${byteLength} bytes but raw_data has ${raw.length}`,
      );
    }
    return tensor(fromRaw(dataType, raw, values));
  }
  const have = typedFieldLength(p, dataType);
  if (have !== values) {
    throw new InputError(
      `${where}: ${dtypeName(dataType)} dims [${dims.join(', ')}] need ${values} values but ${typedFieldName(dataType)} has ${have}`,
    );
  }
  return tensor(fromTyped(dataType, p));
}

function typedFieldName(dt: DataType): string {
  switch (dt) {
    case DataType.FLOAT:
    case DataType.COMPLEX64:
      return 'float_data';
    case DataType.DOUBLE:
    case DataType.COMPLEX128:
      return 'double_data';
    case DataType.INT64:
      return 'int64_data';
    case DataType.UINT32:
    case DataType.UINT64:
      return 'uint64_data';
    default:
      return 'int32_data';
  }
}

function typedField(p: pb.ITensorProto, dt: DataType): ArrayLike<unknown> {
  switch (typedFieldName(dt)) {
    case 'float_data':
      return p.floatData ?? [];
    case 'double_data':
      return p.doubleData ?? [];
    case 'int64_data':
      return p.int64Data ?? [];
    case 'uint64_data':
      return p.uint64Data ?? [];
    default:
      return p.int32Data ?? [];
  }
}

function typedFieldLength(p: pb.ITensorProto, dt: DataType): number {
  return typedField(p, dt).length;
}

function fromTyped(dt: DataType, p: pb.ITensorProto): TensorData {
  const src = typedField(p, dt);
  switch (dt) {
    // Packed float_data/double_data already arrive as typed arrays over the input (see fast-tensor-proto.ts).
    case DataType.FLOAT:
    case DataType.COMPLEX64:
      return src instanceof Float32Array ? src : Float32Array.from(src as number[]);
    case DataType.DOUBLE:
    case DataType.COMPLEX128:
      return src instanceof Float64Array ? src : Float64Array.from(src as number[]);
    case DataType.FLOAT16:
      return halfBitsToFloat32(src as number[]);
    case DataType.BFLOAT16:
      return bfloat16BitsToFloat32(src as number[]);
    case DataType.INT32:
      return Int32Array.from(src as number[]);
    case DataType.INT16:
      return Int16Array.from(src as number[]);
    case DataType.UINT16:
      return Uint16Array.from(src as number[]);
    case DataType.INT8:
      return Int8Array.from(src as number[]);
    case DataType.UINT8:
    case DataType.BOOL:
      return Uint8Array.from(src as number[]);
    case DataType.INT64:
      return BigInt64Array.from(src as Int64Field[], (v) => int64ToBigInt(v));
    case DataType.UINT64:
      return BigUint64Array.from(src as Int64Field[], (v) => int64ToBigInt(v, true));
    case DataType.UINT32:
      return Uint32Array.from(src as Int64Field[], (v) => Number(int64ToBigInt(v, true)));
    default:
      return EMPTY;
  }
}

/** Typed array over little-endian bytes: a view when the host is little-endian and the offset aligned, else a copy. */
function viewOrCopy<C extends AnyTypedCtor>(Ctor: C, bytes: Uint8Array, n: number): InstanceType<C> {
  const w = Ctor.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % w === 0) {
    return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, n) as InstanceType<C>;
  }
  const out = new Ctor(n) as InstanceType<C>;
  const outBytes = new Uint8Array(out.buffer);
  if (LITTLE_ENDIAN_HOST) {
    outBytes.set(bytes.subarray(0, n * w));
  } else {
    for (let i = 0; i < n * w; i += w) for (let j = 0; j < w; j++) outBytes[i + j] = bytes[i + w - 1 - j];
  }
  return out;
}

/** Little-endian 16-bit words of `bytes`, whatever their alignment. */
function u16Words(bytes: Uint8Array, n: number): ArrayLike<number> {
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, n);
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  return out;
}

function fromRaw(dt: DataType, bytes: Uint8Array, n: number): TensorData {
  if (dt === DataType.FLOAT16) return halfBitsToFloat32(u16Words(bytes, n));
  if (dt === DataType.BFLOAT16) return bfloat16BitsToFloat32(u16Words(bytes, n));
  const Ctor = storedAs(dt);
  return Ctor ? viewOrCopy(Ctor, bytes, n) : EMPTY;
}
