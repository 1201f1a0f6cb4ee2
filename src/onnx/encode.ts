/** Plain `Model` -> ONNX ModelProto bytes. Tensors are written as little-endian raw_data. */
import type { Attribute, Dim, Graph, Model, Node, Tensor, ValueInfo } from './types.js';
import { DataType } from './types.js';
import { onnx, numberToInt64, type Int64Field, type pb } from './proto.js';
import { tensorRawBytes } from './tensor-bytes.js';
import { elementCount } from '../util/element-count.js';
import { elementSize } from './dtype.js';
import { writeFileAtomic } from '../util/atomic-write.js';

type Long = pb.ITensorProto['dims'] extends ((infer L)[] | null | undefined) ? L : never;
const utf8 = new TextEncoder();

function i64(n: number): Long {
  return numberToInt64(n) as Int64Field as Long;
}

function tensorToProto(t: Tensor): pb.ITensorProto {
  const msg: pb.ITensorProto = { name: t.name, dataType: t.dataType, dims: t.dims.map(i64) };
  if (t.dataType === DataType.STRING) {
    msg.stringData = Array.from({ length: elementCount(t.dims) }, () => new Uint8Array(0));
  } else {
    msg.rawData = tensorRawBytes(t);
  }
  return msg;
}

function attributeToProto(name: string, a: Attribute): pb.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'int':
      return { name, type: T.INT, i: i64(a.value) };
    case 'string':
      return { name, type: T.STRING, s: utf8.encode(a.value) };
    case 'tensor':
      return { name, type: T.TENSOR, t: tensorToProto(a.value) };
    case 'graph':
      return { name, type: T.GRAPH, g: graphToProto(a.value) };
    case 'floats':
      return { name, type: T.FLOATS, floats: a.value };
    case 'ints':
      return { name, type: T.INTS, ints: a.value.map(i64) };
    case 'strings':
      return { name, type: T.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
  }
}

function nodeToProto(n: Node): pb.INodeProto {
  return {
    name: n.name,
    opType: n.opType,
    domain: n.domain,
    input: n.inputs,
    output: n.outputs,
    attribute: Object.entries(n.attributes).map(([k, a]) => attributeToProto(k, a)),
  };
}

function dimToProto(d: Dim): pb.TensorShapeProto.IDimension {
  if (typeof d === 'number') return { dimValue: i64(d) };
  if (typeof d === 'string') return { dimParam: d };
  return {};
}

function valueInfoToProto(v: ValueInfo): pb.IValueInfoProto {
  if (v.elemType === DataType.UNDEFINED && v.shape === null) return { name: v.name };
  const tensorType: pb.TypeProto.ITensor = { elemType: v.elemType };
  if (v.shape !== null) tensorType.shape = { dim: v.shape.map(dimToProto) };
  return { name: v.name, type: { tensorType } };
}

function graphToProto(g: Graph): pb.IGraphProto {
  return {
    name: g.name,
    node: g.nodes.map(nodeToProto),
    initializer: g.initializers.map(tensorToProto),
    input: g.inputs.map(valueInfoToProto),
    output: g.outputs.map(valueInfoToProto),
    valueInfo: g.valueInfo.map(valueInfoToProto),
  };
}

export function modelToProto(m: Model): pb.IModelProto {
  return {
    irVersion: i64(m.irVersion),
    producerName: m.producerName,
    producerVersion: m.producerVersion,
    opsetImport: m.opsetImports.map((o) => ({ domain: o.domain, version: i64(o.version) })),
    metadataProps: Object.entries(m.metadata).map(([key, value]) => ({ key, value })),
    graph: graphToProto(m.graph),
  };
}

/**
 * ONNX bytes of `model`. The top graph's initializers are laid out by hand after the rest of the graph so that
 * each raw_data starts at a file offset aligned to its element size (padded with a tensor doc_string of spaces);
 * the reader then hands out zero-copy views for every tensor. Field order differs from protobufjs's own, which
 * protobuf parsers accept.
 */
export function encodeModel(model: Model): Uint8Array {
  const { graph, ...rest } = modelToProto({ ...model, graph: { ...model.graph, initializers: [] } });
  const head = onnx.ModelProto.encode(rest).finish();
  const graphRest = onnx.GraphProto.encode(graph!).finish();
  const tensors: LaidOutTensor[] = model.graph.initializers.map((t) => {
    const p = tensorToProto(t);
    const raw = p.rawData ?? undefined;
    delete p.rawData;
    return { head: onnx.TensorProto.encode(p).finish(), raw, align: rawAlignment(t.dataType), pad: 0 };
  });
  const graphLength = layOut(head.length, graphRest.length, tensors);
  const total = head.length + 1 + varintLength(graphLength) + graphLength;
  if (total > 0x7fffffff) {
    throw new Error(`encodeModel: the model is ${total} bytes; protobuf cannot hold more than 2 GiB (external data is not written)`);
  }
  const out = new Uint8Array(total);
  let pos = 0;
  const put = (b: Uint8Array | number[]) => {
    out.set(b, pos);
    pos += b.length;
  };
  const putVarint = (n: number) => {
    while (n > 0x7f) {
      out[pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    out[pos++] = n;
  };
  put(head);
  put([TAG_MODEL_GRAPH]);
  putVarint(graphLength);
  put(graphRest);
  for (const t of tensors) {
    put([TAG_GRAPH_INITIALIZER]);
    putVarint(tensorLength(t, t.pad));
    put(t.head);
    if (t.pad > 0) {
      put([TAG_TENSOR_DOC_STRING, t.pad - 2]);
      out.fill(0x20, pos, pos + t.pad - 2);
      pos += t.pad - 2;
    }
    if (t.raw) {
      put([TAG_TENSOR_RAW_DATA]);
      putVarint(t.raw.length);
      put(t.raw);
    }
  }
  return out;
}

const TAG_MODEL_GRAPH = (7 << 3) | 2;
const TAG_GRAPH_INITIALIZER = (5 << 3) | 2;
const TAG_TENSOR_RAW_DATA = (9 << 3) | 2;
const TAG_TENSOR_DOC_STRING = (12 << 3) | 2;

interface LaidOutTensor {
  /** TensorProto bytes without raw_data. */
  head: Uint8Array;
  raw: Uint8Array | undefined;
  align: number;
  /** Bytes of doc_string padding field: 0, or 2 + number of spaces. */
  pad: number;
}

function rawAlignment(dt: DataType): number {
  const size = elementSize(dt);
  return size === 16 ? 8 : size === 0 ? 1 : size;
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    len++;
  }
  return len;
}

function tensorLength(t: LaidOutTensor, pad: number): number {
  const raw = t.raw ? 1 + varintLength(t.raw.length) + t.raw.length : 0;
  return t.head.length + pad + raw;
}

/**
 * Chooses each tensor's padding and returns the graph's byte length. Paddings depend on absolute positions,
 * which depend on the varint size of the graph length, which depends on the paddings: iterate to a fixed point
 * (reached in one or two rounds; without one, no padding is used, which is still a valid file).
 */
function layOut(headLength: number, graphRestLength: number, tensors: LaidOutTensor[]): number {
  let lengthBytes = 1;
  for (let round = 0; round < 4; round++) {
    let pos = headLength + 1 + lengthBytes + graphRestLength;
    for (const t of tensors) {
      t.pad = t.raw && t.align > 1 ? choosePad(pos, t) : 0;
      const len = tensorLength(t, t.pad);
      pos += 1 + varintLength(len) + len;
    }
    const graphLength = pos - (headLength + 1 + lengthBytes);
    if (varintLength(graphLength) === lengthBytes) return graphLength;
    lengthBytes = varintLength(graphLength);
  }
  let graphLength = graphRestLength;
  for (const t of tensors) {
    t.pad = 0;
    const len = tensorLength(t, 0);
    graphLength += 1 + varintLength(len) + len;
  }
  return graphLength;
}

/** Smallest padding (0, or a doc_string field of 2..) that puts raw_data of the tensor written at `pos` on its alignment. */
function choosePad(pos: number, t: LaidOutTensor): number {
  const raw = t.raw!;
  for (let pad = 0; pad < 2 + 2 * t.align; pad = pad === 0 ? 2 : pad + 1) {
    const len = tensorLength(t, pad);
    const rawStart = pos + 1 + varintLength(len) + t.head.length + pad + 1 + varintLength(raw.length);
    if (rawStart % t.align === 0) return pad;
  }
  return 0;
}

/** Encodes `model` and replaces `path` atomically (temp file in the same directory, fsync, rename). */
export function writeModelAtomic(path: string, model: Model): void {
  writeFileAtomic(path, encodeModel(model));
}
