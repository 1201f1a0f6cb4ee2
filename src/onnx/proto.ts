/** The protobufjs-generated ONNX classes and helpers for their 64-bit integer fields. */
import onnxProto from 'onnx-proto';

import { installFastTensorDecode } from './fast-tensor-proto.js';

export const { onnx } = onnxProto;
installFastTensorDecode();
/** Type namespace of the generated classes (`pb.ITensorProto`, ...). */
export type { onnx as pb } from 'onnx-proto';

/** protobufjs decodes int64 fields to long.js objects (or plain numbers when long.js is absent). */
export interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}
export type Int64Field = number | LongLike;

export function int64ToBigInt(v: Int64Field | null | undefined, unsigned = false): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return unsigned || v.unsigned ? bits : BigInt.asIntN(64, bits);
}

/** Exact value when it is a safe integer, otherwise undefined. */
export function int64ToSafeNumber(v: Int64Field | null | undefined): number | undefined {
  const b = int64ToBigInt(v);
  const n = Number(b);
  return Number.isSafeInteger(n) && BigInt(n) === b ? n : undefined;
}

/** Nearest number (lossy beyond 2^53); for attribute values where the type model only has `number`. */
export function int64ToNumber(v: Int64Field | null | undefined): number {
  return Number(int64ToBigInt(v));
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** A value protobufjs's writer accepts for an int64 field; out-of-range numbers are clamped to int64. */
export function numberToInt64(n: number): Int64Field {
  if (Number.isSafeInteger(n)) return n;
  if (Number.isNaN(n)) return 0;
  let b = n === Infinity ? INT64_MAX : n === -Infinity ? INT64_MIN : BigInt(Math.trunc(n));
  if (b > INT64_MAX) b = INT64_MAX;
  if (b < INT64_MIN) b = INT64_MIN;
  return bigIntToInt64(b);
}

export function bigIntToInt64(b: bigint, unsigned = false): LongLike {
  const u = BigInt.asUintN(64, b);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned };
}
