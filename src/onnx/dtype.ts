/** Per-dtype facts: element size in raw_data, which typed field holds it, names for messages. */
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
