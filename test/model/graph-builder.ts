/**
 * Builds small ONNX Models in code for the model-stage unit tests. Unlike src/graph/builder.ts's GraphBuilder it
 * allows what those tests need to build on purpose: unnamed nodes, a value produced twice, cycles, other domains.
 */
import { DataType } from '../../src/onnx/types.js';
import type { Attribute, Model, Node, Tensor } from '../../src/onnx/types.js';
import { modelOf } from '../../src/graph/builder.js';

export interface NodeOptions {
  name?: string;
  attrs?: Record<string, Attribute>;
  /** Output names; default one output named `<name or op>#<position>`. */
  outputs?: string[];
  domain?: string;
}

export class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Tensor[] = [];
  private readonly inputNames: string[] = [];

  input(name: string): string {
    this.inputNames.push(name);
    return name;
  }

  /** A float initializer of the given shape (zeros), or of another dtype. */
  init(name: string, dims: number[], dataType: DataType = DataType.FLOAT): string {
    const count = dims.reduce((p, d) => p * d, 1);
    const data = dataType === DataType.INT64 ? new BigInt64Array(count) : new Float32Array(count);
    this.initializers.push({ name, dataType, dims, data });
    return name;
  }

  /** An INT64 initializer holding `values` (axes, shapes). */
  ints(name: string, values: number[]): string {
    this.initializers.push({
      name,
      dataType: DataType.INT64,
      dims: [values.length],
      data: BigInt64Array.from(values.map((v) => BigInt(v))),
    });
    return name;
  }

  /** Adds a node; returns its first output. */
  node(opType: string, inputs: string[], options: NodeOptions = {}): string {
    const name = options.name ?? '';
    const outputs = options.outputs ?? [`${name || opType}#${this.nodes.length}`];
    this.nodes.push({ name, opType, domain: options.domain ?? '', inputs, outputs, attributes: options.attrs ?? {} });
    return outputs[0]!;
  }

  /** Conv with weight `[out, in/group, ...kernel]` (and a bias unless `bias: false`). */
  conv(name: string, x: string, weightDims: number[], options: { group?: number; bias?: boolean } = {}): string {
    const w = this.init(`${name}.weight`, weightDims);
    const inputs = [x, w];
    if (options.bias !== false) inputs.push(this.init(`${name}.bias`, [weightDims[0]!]));
    const attrs: Record<string, Attribute> = { group: int(options.group ?? 1) };
    return this.node('Conv', inputs, { name, attrs });
  }

  batchNorm(name: string, x: string, channels: number): string {
    const p = (s: string): string => this.init(`${name}.${s}`, [channels]);
    return this.node('BatchNormalization', [x, p('weight'), p('bias'), p('running_mean'), p('running_var')], { name });
  }

  /** x * Sigmoid(x), the way PyTorch exports SiLU. */
  silu(x: string, name: string): string {
    const s = this.node('Sigmoid', [x], { name: `${name}/Sigmoid` });
    return this.node('Mul', [x, s], { name: `${name}/Mul` });
  }

  model(): Model {
    const inputs = this.inputNames.map((name) => ({ name, elemType: DataType.FLOAT, shape: null }));
    return modelOf({ name: 'g', nodes: this.nodes, inputs, outputs: [], initializers: this.initializers }, { producerName: 'test' });
  }
}

export function int(value: number): Attribute {
  return { type: 'int', value };
}

export function ints(value: number[]): Attribute {
  return { type: 'ints', value };
}
