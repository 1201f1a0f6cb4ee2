import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataType, type Graph, type Model, type Tensor } from '../../src/onnx/types.js';

/** Repository root, from dist/test/onnx/ where the compiled tests run. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function emptyGraph(initializers: Tensor[] = [], name = 'g'): Graph {
  return { name, nodes: [], inputs: [], outputs: [], initializers, valueInfo: [] };
}

export function modelWith(graph: Graph, metadata: Record<string, string> = {}): Model {
  return {
    irVersion: 8,
    producerName: 'weightscale-test',
    producerVersion: '0',
    opsetImports: [{ domain: '', version: 17 }],
    metadata,
    graph,
  };
}

export function floatTensor(name: string, dims: number[], values?: number[]): Tensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = values ? Float32Array.from(values) : Float32Array.from({ length: n }, (_, i) => (i - n / 2) / 8);
  return { name, dataType: DataType.FLOAT, dims, data };
}

/** The model with every tensor's `source` removed (the decoder adds it; models built in code have none). */
export function withoutSources<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSources) as T;
  if (ArrayBuffer.isView(value) || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'source') out[k] = withoutSources(v);
  return out as T;
}

/**
 * Bytes of a model whose single FLOAT initializer "w" (dims `dims`) points at external data with the given
 * external_data entries (values stringified).
 */
export async function externalModelBytes(entries: Record<string, string | number>, dims = [2, 2]): Promise<Uint8Array> {
  const { modelToProto } = await import('../../src/onnx/encode.js');
  const { onnx } = await import('../../src/onnx/proto.js');
  const proto = modelToProto(modelWith(emptyGraph([floatTensor('w', [1])])));
  const t = proto.graph!.initializer![0];
  t.dims = dims;
  t.rawData = new Uint8Array(0);
  t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
  t.externalData = Object.entries(entries).map(([key, value]) => ({ key, value: String(value) }));
  return onnx.ModelProto.encode(proto).finish();
}

export function floatBytes(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}
