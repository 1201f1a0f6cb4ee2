/** ONNX ModelProto bytes -> plain `Model`, with every malformed input reported as a one-line InputError. */
import { InputError } from '../errors.js';
import { DataType, FLOAT_DTYPES, type Attribute, type Dim, type Graph, type Model, type Node, type ReadOptions, type ValueInfo } from './types.js';
import { onnx, int64ToNumber, int64ToSafeNumber, type Int64Field, type pb } from './proto.js';
import { ExternalDataReader } from './external-data.js';
import { decodeTensor, type TensorContext } from './tensor-decode.js';

export interface DecodeOptions extends ReadOptions {
  /** Names the input in error messages and in `Tensor.source` (usually the file path). */
  source: string;
  /** Directory that external-data locations are relative to; without it, external data is an error. */
  baseDir?: string;
  /** The model file, when `bytes` is its skeleton (skeleton.ts): the target of the skeleton's raw_data references. */
  selfPath?: string;
}

interface Context extends TensorContext {
  includeNonFloat: boolean;
}

const utf8 = new TextDecoder();

export function decodeModel(bytes: Uint8Array, opts: DecodeOptions): Model {
  const { source } = opts;
  if (bytes.length === 0) throw new InputError(`${source}: empty file, not an ONNX model`);
  let proto: pb.ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const detail = String((e as Error)?.message ?? e).replace(/\s+/g, ' ');
    throw new InputError(`${source}: not an ONNX model (truncated or corrupt protobuf: ${detail})`);
  }
  if (!proto.graph) throw new InputError(`${source}: not an ONNX model (no graph)`);
  const irVersion = int64ToSafeNumber(proto.irVersion as Int64Field);
  if (irVersion === undefined || irVersion < 1) {
    throw new InputError(`${source}: not an ONNX model (ir_version ${int64ToNumber(proto.irVersion as Int64Field)} is missing or invalid)`);
  }
  const ctx: Context = {
    source,
    external: new ExternalDataReader(source, opts.baseDir, opts.selfPath),
    includeNonFloat: opts.includeNonFloat !== false,
    deferWeights: opts.deferWeights === true,
  };
  try {
    const metadata: Record<string, string> = {};
    for (const { key, value } of proto.metadataProps ?? []) metadata[key ?? ''] = value ?? '';
    return {
      irVersion,
      producerName: proto.producerName ?? '',
      producerVersion: proto.producerVersion ?? '',
      opsetImports: (proto.opsetImport ?? []).map((o) => ({
        domain: o.domain ?? '',
        version: int64ToNumber(o.version as Int64Field),
      })),
      metadata,
      graph: decodeGraph(proto.graph, ctx),
    };
  } catch (e) {
    if (e instanceof InputError) throw e;
    // Structurally odd but parseable input (e.g. absurd nesting) must still be a user-facing error.
    if (e instanceof RangeError) throw new InputError(`${source}: malformed ONNX model (${e.message})`);
    throw e;
  } finally {
    ctx.external.close();
  }
}

function decodeGraph(g: pb.IGraphProto, ctx: Context): Graph {
  const initializers = [];
  for (const t of g.initializer ?? []) {
    if (!ctx.includeNonFloat && !FLOAT_DTYPES.has((t.dataType ?? 0) as DataType)) continue;
    initializers.push(decodeTensor(t, ctx));
  }
  return {
    name: g.name ?? '',
    nodes: (g.node ?? []).map((n) => decodeNode(n, ctx)),
    inputs: (g.input ?? []).map(decodeValueInfo),
    outputs: (g.output ?? []).map(decodeValueInfo),
    initializers,
    valueInfo: (g.valueInfo ?? []).map(decodeValueInfo),
  };
}

function decodeNode(n: pb.INodeProto, ctx: Context): Node {
  const attributes: Record<string, Attribute> = {};
  for (const a of n.attribute ?? []) {
    const v = decodeAttribute(a, ctx);
    if (v) attributes[a.name ?? ''] = v;
  }
  return {
    name: n.name ?? '',
    opType: n.opType ?? '',
    domain: n.domain ?? '',
    inputs: n.input ?? [],
    outputs: n.output ?? [],
    attributes,
  };
}

/** Kinds the plain model has no place for (sparse tensors, type protos, lists of tensors/graphs) yield undefined. */
function decodeAttribute(a: pb.IAttributeProto, ctx: Context): Attribute | undefined {
  const T = onnx.AttributeProto.AttributeType;
  let type = a.type ?? T.UNDEFINED;
  if (type === T.UNDEFINED) type = inferAttributeType(a);
  switch (type) {
    case T.FLOAT:
      return { type: 'float', value: a.f ?? 0 };
    case T.INT:
      return { type: 'int', value: int64ToNumber(a.i as Int64Field) };
    case T.STRING:
      return { type: 'string', value: utf8.decode(a.s ?? new Uint8Array(0)) };
    case T.TENSOR:
      return a.t ? { type: 'tensor', value: decodeTensor(a.t, ctx) } : undefined;
    case T.GRAPH:
      return a.g ? { type: 'graph', value: decodeGraph(a.g, ctx) } : undefined;
    case T.FLOATS:
      return { type: 'floats', value: Array.from(a.floats ?? []) };
    case T.INTS:
      return { type: 'ints', value: (a.ints ?? []).map((i) => int64ToNumber(i as Int64Field)) };
    case T.STRINGS:
      return { type: 'strings', value: (a.strings ?? []).map((s) => utf8.decode(s)) };
    default:
      return undefined;
  }
}

/** Very old exporters left AttributeProto.type unset; the populated field tells the kind. */
function inferAttributeType(a: pb.IAttributeProto): pb.AttributeProto.AttributeType {
  const T = onnx.AttributeProto.AttributeType;
  if (a.t) return T.TENSOR;
  if (a.g) return T.GRAPH;
  if (a.floats?.length) return T.FLOATS;
  if (a.ints?.length) return T.INTS;
  if (a.strings?.length) return T.STRINGS;
  if (a.s?.length) return T.STRING;
  if (a.i && int64ToNumber(a.i as Int64Field) !== 0) return T.INT;
  return T.FLOAT;
}

function decodeValueInfo(v: pb.IValueInfoProto): ValueInfo {
  const tt = v.type?.tensorType;
  if (!tt) return { name: v.name ?? '', elemType: DataType.UNDEFINED, shape: null };
  const shape: Dim[] | null = tt.shape
    ? (tt.shape.dim ?? []).map((d) => {
        const which = (d as pb.TensorShapeProto.Dimension).value;
        if (which === 'dimValue') return int64ToSafeNumber(d.dimValue as Int64Field) ?? null;
        if (which === 'dimParam') return d.dimParam ?? null;
        return null;
      })
    : null;
  return { name: v.name ?? '', elemType: (tt.elemType ?? DataType.UNDEFINED) as DataType, shape };
}
