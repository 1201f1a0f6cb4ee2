/** Per-dtype facts: element size in raw_data, the typed array that holds the values, names for messages. */
import { DataType } from './types.js';

/** Bytes per element in raw_data; 0 for STRING (no fixed size). */
export function elementSize(dt: DataType): number {
  switch (dt) {
    case DataType.UINT8:
    case DataType.INT8:
    case DataType.BOOL:
      return 1;
    case DataType.UINT16:
    case DataType.INT16:
    case DataType.FLOAT16:
    case DataType.BFLOAT16:
      return 2;
    case DataType.FLOAT:
    case DataType.INT32:
    case DataType.UINT32:
      return 4;
    case DataType.DOUBLE:
    case DataType.INT64:
    case DataType.UINT64:
    case DataType.COMPLEX64:
      return 8;
    case DataType.COMPLEX128:
      return 16;
    default:
      return 0;
  }
}

export function dtypeName(dt: number): string {
  const name = (DataType as unknown as Record<number, string | undefined>)[dt];
  return name ?? `dtype ${dt}`;
}

export function isKnownDtype(dt: number): dt is DataType {
  return dt >= DataType.FLOAT && dt <= DataType.BFLOAT16;
}

export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Constructor of any typed array a tensor's data can be. */
export type AnyTypedCtor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

const STORED_AS: ReadonlyMap<DataType, AnyTypedCtor> = new Map<DataType, AnyTypedCtor>([
  [DataType.FLOAT, Float32Array],
  [DataType.COMPLEX64, Float32Array],
  [DataType.DOUBLE, Float64Array],
  [DataType.COMPLEX128, Float64Array],
  [DataType.INT32, Int32Array],
  [DataType.UINT32, Uint32Array],
  [DataType.INT16, Int16Array],
  [DataType.UINT16, Uint16Array],
  [DataType.INT8, Int8Array],
  [DataType.UINT8, Uint8Array],
  [DataType.BOOL, Uint8Array],
  [DataType.INT64, BigInt64Array],
  [DataType.UINT64, BigUint64Array],
]);

/**
 * The typed array whose little-endian elements are the dtype's raw_data, and which holds its values in memory
 * (complex: interleaved real, imaginary); undefined for FLOAT16 / BFLOAT16 (held widened to float32), STRING and
 * unknown dtypes.
 */
export function storedAs(dt: DataType): AnyTypedCtor | undefined {
  return STORED_AS.get(dt);
}
