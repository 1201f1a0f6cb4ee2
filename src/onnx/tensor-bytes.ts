/** Tensor values -> the little-endian bytes stored in raw_data. */
import { DataType, type Tensor, type TensorData } from './types.js';
import { LITTLE_ENDIAN_HOST, dtypeName, elementSize, storedAs, type AnyTypedCtor } from './dtype.js';
import { float32ToBfloat16Bits, float32ToHalfBits } from './float16.js';
import { elementCount } from '../util/element-count.js';

type NumericArray = Exclude<TensorData, BigInt64Array | BigUint64Array>;
function isBigArray(a: TensorData): a is BigInt64Array | BigUint64Array {
  return a instanceof BigInt64Array || a instanceof BigUint64Array;
}

/** `data` as an array of type `Ctor`, converting element by element (number <-> bigint too) only when needed. */
function asTyped<C extends AnyTypedCtor>(Ctor: C, data: TensorData): InstanceType<C> {
  if (data instanceof Ctor) return data as InstanceType<C>;
  const out = new Ctor(data.length) as InstanceType<C>;
  const wantsBig = Ctor === BigInt64Array || Ctor === BigUint64Array;
  if (wantsBig === isBigArray(data)) {
    (out as unknown as { set(a: ArrayLike<unknown>): void }).set(data as ArrayLike<unknown>);
  } else if (wantsBig) {
    const o = out as unknown as BigInt64Array;
    const d = data as NumericArray;
    for (let i = 0; i < d.length; i++) o[i] = BigInt(Math.trunc(d[i]));
  } else {
    const o = out as unknown as Float64Array;
    const d = data as BigInt64Array;
    for (let i = 0; i < d.length; i++) o[i] = Number(d[i]);
  }
  return out;
}

function bytesOf(a: TensorData | Uint16Array): Uint8Array {
  const view = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN_HOST || a.BYTES_PER_ELEMENT === 1) return view;
  const out = new Uint8Array(view.length);
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < view.length; i += w) for (let j = 0; j < w; j++) out[i + j] = view[i + w - 1 - j];
  return out;
}

/**
 * raw_data bytes for a tensor of a fixed-size dtype; undefined for STRING. Unknown dtypes (float8 and other
 * newer types) are written as the bytes of `data` unchanged.
 */
export function tensorRawBytes(t: Tensor): Uint8Array | undefined {
  if (t.dataType === DataType.STRING) return undefined;
  const size = elementSize(t.dataType);
  if (size === 0) return bytesOf(t.data);
  const perElement = t.dataType === DataType.COMPLEX64 || t.dataType === DataType.COMPLEX128 ? 2 : 1;
  const expected = elementCount(t.dims) * perElement;
  if (t.data.length !== expected) {
    throw new Error(
      `encodeModel: tensor "${t.name}" (${dtypeName(t.dataType)}, dims [${t.dims.join(', ')}]) ` +
        `has ${t.data.length} values, expected ${expected}`,
    );
  }
  const d = t.data;
  if (t.dataType === DataType.FLOAT16) return bytesOf(float32ToHalfBits(isBigArray(d) ? asTyped(Float64Array, d) : d));
  if (t.dataType === DataType.BFLOAT16) return bytesOf(float32ToBfloat16Bits(isBigArray(d) ? asTyped(Float64Array, d) : d));
  const Ctor = storedAs(t.dataType);
  return bytesOf(Ctor ? asTyped(Ctor, d) : d);
}
