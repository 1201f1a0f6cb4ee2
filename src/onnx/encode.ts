/** Plain `Model` -> ONNX ModelProto bytes. Tensors are written as little-endian raw_data. */
import type { Attribute, Dim, Graph, Model, Node, Tensor, ValueInfo } from './types.js';
import { DataType } from './types.js';
import { onnx, numberToInt64, type Int64Field, type pb } from './proto.js';
import { elementCountOf, tensorRawBytes } from './tensor-bytes.js';
import { writeFileAtomic } from './atomic-write.js';

type Long = pb.ITensorProto['dims'] extends ((infer L)[] | null | undefined) ? L : never;
const utf8 = new TextEncoder();

function i64(n: number): Long {
  return numberToInt64(n) as Int64Field as Long;
}

function tensorToProto(t: Tensor): pb.ITensorProto {
  const msg: pb.ITensorProto = { name: t.name, dataType: t.dataType, dims: t.dims.map(i64) };
  if (t.dataType === DataType.STRING) {
    msg.stringData = Array.from({ length: elementCountOf(t.dims) }, () => new Uint8Array(0));
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

export function encodeModel(model: Model): Uint8Array {
  return onnx.ModelProto.encode(modelToProto(model)).finish();
}

/** Encodes `model` and replaces `path` atomically (temp file in the same directory, fsync, rename). */
export function writeModelAtomic(path: string, model: Model): void {
  writeFileAtomic(path, encodeModel(model));
}
