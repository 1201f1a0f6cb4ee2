/**
 * A small builder of ONNX graphs in the plain `Model` form (default domain, ir_version 8): unique names,
 * initializers, deduplicated constants, nodes, graph inputs and outputs.
 */
import { DataType, type Dim, type Graph, type Model, type Node, type Tensor, type ValueInfo } from '../onnx/types.js';
import type { AttrMap } from './attrs.js';
import { float32Tensor, int64Tensor } from './tensors.js';

export const DEFAULT_OPSET = 17;
export const IR_VERSION = 8;

export interface NodeOptions {
  /** Node name (made unique); default: the op type. */
  name?: string;
  /**
   * Output names (a string is used as given and must be unused; `{ fresh: base }` makes a unique name from base),
   * or how many fresh outputs to create; default 1.
   */
  outputs?: (string | { fresh: string })[] | number;
}

export class GraphBuilder {
  readonly opset: number;
  readonly nodes: Node[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  readonly initializers: Tensor[] = [];
  private readonly tensorNames = new Set<string>();
  /** Names fresh() must avoid but a later claim (input, initializer, copied node output) may take. */
  private readonly reservedNames = new Set<string>();
  private readonly nodeNames = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  private readonly constants = new Map<string, string>();

  constructor(opts: { opset?: number } = {}) {
    this.opset = opts.opset ?? DEFAULT_OPSET;
  }

  /**
   * Keeps fresh names away from `names` (e.g. every tensor of a graph that is being copied in node by node);
   * the names themselves can still be claimed once, by an input, initializer or copied node.
   */
  reserve(names: Iterable<string>): void {
    for (const n of names) this.reservedNames.add(n);
  }

  hasTensor(name: string): boolean {
    return this.tensorNames.has(name);
  }

  /** A tensor name not used or reserved yet: `base` itself, or `base_1`, `base_2`, ... */
  fresh(base: string): string {
    return this.unique(base, this.tensorNames, this.reservedNames);
  }

  private unique(base: string, taken: Set<string>, avoid?: Set<string>): string {
    const used = (n: string): boolean => taken.has(n) || (avoid?.has(n) ?? false);
    let name = base;
    if (used(name)) {
      let i = this.nextSuffix.get(base) ?? 1;
      while (used(`${base}_${i}`)) i++;
      this.nextSuffix.set(base, i + 1);
      name = `${base}_${i}`;
    }
    taken.add(name);
    return name;
  }

  private claim(name: string): string {
    if (this.tensorNames.has(name)) throw new Error(`graph builder: tensor name ${name} is already used`);
    this.tensorNames.add(name);
    return name;
  }

  input(name: string, elemType: DataType, shape: Dim[] | null): string {
    this.claim(name);
    this.inputs.push({ name, elemType, shape: shape === null ? null : [...shape] });
    return name;
  }

  /** Declares an existing tensor as a graph output. */
  output(name: string, elemType: DataType = DataType.UNDEFINED, shape: Dim[] | null = null): void {
    this.outputs.push({ name, elemType, shape: shape === null ? null : [...shape] });
  }

  initializer(t: Tensor): string {
    this.claim(t.name);
    this.initializers.push(t);
    return t.name;
  }

  /** A float32 constant (an initializer); identical constants are created once. */
  constFloat(values: readonly number[] | Float32Array, dims: readonly number[] = [values.length], base = 'const'): string {
    const key = `f:${dims.join('x')}:${Array.from(values).join(',')}`;
    return this.cachedConstant(key, () => float32Tensor(this.fresh(base), dims, Array.from(values)));
  }

  /** A float32 scalar constant (shape []). */
  scalarFloat(value: number): string {
    return this.constFloat([value], [], 'const');
  }

  /** An int64 constant (an initializer), e.g. a shape or axes; identical constants are created once. */
  constInt64(values: readonly number[], dims: readonly number[] = [values.length], base = 'const'): string {
    const key = `i:${dims.join('x')}:${values.join(',')}`;
    return this.cachedConstant(key, () => int64Tensor(this.fresh(base), dims, values));
  }

  private cachedConstant(key: string, make: () => Tensor): string {
    const known = this.constants.get(key);
    if (known !== undefined) return known;
    const t = make();
    this.initializers.push(t);
    this.constants.set(key, t.name);
    return t.name;
  }

  /** Appends a node; returns its output names. */
  node(opType: string, inputs: readonly string[], attrs: AttrMap = {}, opts: NodeOptions = {}): string[] {
    const name = this.unique(opts.name ?? opType, this.nodeNames);
    const wanted = opts.outputs ?? 1;
    const outputs =
      typeof wanted === 'number'
        ? Array.from({ length: wanted }, (_, i) => this.fresh(i === 0 ? name : `${name}.out${i}`))
        : wanted.map((o) => (typeof o !== 'string' ? this.fresh(o.fresh) : o === '' ? '' : this.claim(o)));
    this.nodes.push({ name, opType, domain: '', inputs: [...inputs], outputs, attributes: { ...attrs } });
    return outputs;
  }

  /** Appends a single-output node and returns that output. */
  op(opType: string, inputs: readonly string[], attrs: AttrMap = {}, name?: string): string {
    return this.node(opType, inputs, attrs, name === undefined ? {} : { name })[0]!;
  }

  /** Appends a copy of an existing node, keeping its names (they must not be taken yet). */
  copyNode(node: Node): void {
    const name = node.name === '' ? this.unique(node.opType, this.nodeNames) : this.unique(node.name, this.nodeNames);
    for (const o of node.outputs) if (o !== '') this.claim(o);
    this.nodes.push({ ...node, name, inputs: [...node.inputs], outputs: [...node.outputs], attributes: { ...node.attributes } });
  }

  build(graphName: string, metadata: Record<string, string> = {}): Model {
    const graph = { name: graphName, nodes: [...this.nodes], inputs: [...this.inputs], outputs: [...this.outputs], initializers: [...this.initializers] };
    return modelOf(graph, { opset: this.opset, metadata });
  }
}

/** A Model around `graph` (default domain at `opset`, ir_version 8): the one place the envelope is written. */
export function modelOf(
  graph: Omit<Graph, 'valueInfo'> & { valueInfo?: ValueInfo[] },
  opts: { opset?: number; metadata?: Record<string, string>; producerName?: string } = {},
): Model {
  return {
    irVersion: IR_VERSION,
    producerName: opts.producerName ?? 'weightscale',
    producerVersion: '',
    opsetImports: [{ domain: '', version: opts.opset ?? DEFAULT_OPSET }],
    metadata: { ...opts.metadata },
    graph: { ...graph, valueInfo: graph.valueInfo ?? [] },
  };
}
