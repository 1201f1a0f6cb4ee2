/**
 * Plain data model of an ONNX file, shared by the reader (decode.ts/read.ts) and the writer (encode.ts).
 * Nothing here depends on protobufjs: other stages build and inspect models through these types only.
 */

/** TensorProto.DataType numbers from onnx.proto. */
export enum DataType {
  UNDEFINED = 0,
  FLOAT = 1,
  UINT8 = 2,
  INT8 = 3,
  UINT16 = 4,
  INT16 = 5,
  INT32 = 6,
  INT64 = 7,
  STRING = 8,
  BOOL = 9,
  FLOAT16 = 10,
  DOUBLE = 11,
  UINT32 = 12,
  UINT64 = 13,
  COMPLEX64 = 14,
  COMPLEX128 = 15,
  BFLOAT16 = 16,
}

/** Dtypes read as weights: converted to Float32Array (FLOAT, FLOAT16, BFLOAT16) or Float64Array (DOUBLE). */
export const FLOAT_DTYPES: ReadonlySet<DataType> = new Set([
  DataType.FLOAT,
  DataType.FLOAT16,
  DataType.BFLOAT16,
  DataType.DOUBLE,
]);

export type FloatData = Float32Array | Float64Array;
/** Values as held in memory. INT64 is kept as BigInt64Array; UINT8/BOOL/INT8 etc. as their natural typed array. */
export type TensorData =
  | Float32Array
  | Float64Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | BigUint64Array;

export interface Tensor {
  name: string;
  dataType: DataType;
  dims: number[];
  /**
   * Decoded values. For FLOAT/DOUBLE read from an aligned raw_data this is a view on the file's bytes (no copy);
   * FLOAT16 and BFLOAT16 are widened to Float32Array; other dtypes decode to their natural typed array.
   * STRING tensors have an empty Uint8Array here (never used as weights).
   */
  data: TensorData;
  /** Where the bytes came from, for error messages: e.g. "epoch-003.onnx" or "weights.bin@1024". */
  source?: string;
  /**
   * Set when the weight bytes were left on disk (`ReadOptions.deferWeights`): where they are. `data` is then empty
   * (length 0) and the values are read through the checkpoint index.
   */
  range?: FileRange;
}

/** `bytes` little-endian bytes at `offset` of the file at `path` (canonical path). */
export interface FileRange {
  path: string;
  offset: number;
  bytes: number;
}

export type Attribute =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: Tensor }
  | { type: 'graph'; value: Graph }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: number[] }
  | { type: 'strings'; value: string[] };

export interface Node {
  name: string;
  opType: string;
  /** '' is the default ONNX domain. */
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, Attribute>;
}

/** A dimension is a number, a symbolic name (dim_param), or null when unknown. */
export type Dim = number | string | null;

export interface ValueInfo {
  name: string;
  /** Element type of a tensor value; UNDEFINED when not a tensor or not declared. */
  elemType: DataType;
  /** null when the shape is not declared at all. */
  shape: Dim[] | null;
}

export interface Graph {
  name: string;
  nodes: Node[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: Tensor[];
  valueInfo: ValueInfo[];
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface Model {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsetImports: OpsetImport[];
  /** metadata_props as a map, insertion order kept. */
  metadata: Record<string, string>;
  graph: Graph;
}

export interface ReadOptions {
  /** Also decode initializers whose dtype is not a float dtype (ints for Reshape shapes, etc.). Default true. */
  includeNonFloat?: boolean;
  /**
   * Leave float weights stored in raw_data (at least 1 KiB) or external data on disk: such tensors get an empty
   * `data` and a `range`. Default false.
   */
  deferWeights?: boolean;
}
