/** Graph -> layers: what the analysis knows about each weighted node (docs/design.md section 4). */

export type Primitive =
  | 'conv'
  | 'depthwise'
  | 'grouped'
  | 'se_reduce'
  | 'se_expand'
  | 'pointwise_expand'
  | 'pointwise_project'
  | 'linear'
  | 'norm'
  | 'embedding';

export const PRIMITIVES: readonly Primitive[] = [
  'conv',
  'depthwise',
  'grouped',
  'se_reduce',
  'se_expand',
  'pointwise_expand',
  'pointwise_project',
  'linear',
  'norm',
  'embedding',
];

export interface Layer {
  /** Node name; when the node has none, `<opType>_<index>`. Unique within a model. */
  name: string;
  /** The node's position in a topological order of the graph (input to output). */
  index: number;
  /** 0-based ordinal among layers, in `index` order. */
  depth: number;
  op: string;
  primitive: Primitive;
  /** Initializer name of the layer's weight (Conv/Gemm input 1, MatMul's initializer operand, norm scale, Gather data). */
  weight: string;
  /** Other initializers of the layer: bias, norm shift (B), in input order. Running mean/var are not parameters. */
  extras: string[];
  /** weight first, then extras. */
  tensors: string[];
  shape: number[];
  /** Element count of the weight tensor. */
  params: number;
  /** Element count of weight plus extras. */
  paramsAll: number;
  /**
   * Name-independent identity used to match layers across exports whose generated initializer names changed:
   * `${index}:${op}:${slot}:${shape.join('x')}`.
   */
  structuralKey: string;
}
