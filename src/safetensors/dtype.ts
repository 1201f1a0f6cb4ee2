/**
 * The safetensors dtypes: element size in bits (so sizes can be checked for every tensor, weight or not) and, for
 * the four weight dtypes (F32, F16, BF16, F64), the DataType the tensor index uses. Other dtypes (integers, BOOL,
 * the 8/6/4-bit floats) are not weights: validated, then skipped.
 */
import { DataType } from '../onnx/types.js';
import type { WeightDataType } from '../checkpoint/types.js';

const BITS: Readonly<Record<string, number>> = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
};

const WEIGHT: Readonly<Record<string, WeightDataType>> = {
  F32: DataType.FLOAT,
  F16: DataType.FLOAT16,
  BF16: DataType.BFLOAT16,
  F64: DataType.DOUBLE,
};

export function isKnownSafetensorsDtype(dtype: string): boolean {
  return Object.hasOwn(BITS, dtype);
}

/** Bytes that `elements` elements of `dtype` take (sub-byte dtypes packed, rounded up); undefined if not exact. */
export function safetensorsByteSize(dtype: string, elements: number): number | undefined {
  const bits = BITS[dtype]!;
  const bytes = bits % 8 === 0 ? elements * (bits / 8) : Math.ceil((elements * bits) / 8);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** The index dtype of a weight tensor, or undefined for dtypes that are not weights. */
export function weightDataType(dtype: string): WeightDataType | undefined {
  return Object.hasOwn(WEIGHT, dtype) ? WEIGHT[dtype] : undefined;
}
