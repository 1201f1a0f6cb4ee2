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
  | 'embedding'
  | 'attention_query'
  | 'attention_key'
  | 'attention_value'
  | 'attention_qkv'
  | 'attention_output'
  | 'mlp_up'
  | 'mlp_gate'
  | 'mlp_down'
  | 'position_embedding'
  | 'special_token'
  | 'layer_scale'
  | 'param';

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
  'attention_query',
  'attention_key',
  'attention_value',
  'attention_qkv',
  'attention_output',
  'mlp_up',
  'mlp_gate',
  'mlp_down',
  'position_embedding',
  'special_token',
  'layer_scale',
  'param',
];

/** The four families a transformer's roles fall into (the report's "mean RWC per role" chart), plus everything else. */
export type RoleGroup = 'attention' | 'mlp' | 'embeddings' | 'norms' | 'other';

export const ROLE_GROUPS: readonly RoleGroup[] = ['attention', 'mlp', 'embeddings', 'norms', 'other'];

export function roleGroup(primitive: Primitive): RoleGroup {
  if (primitive.startsWith('attention_')) return 'attention';
  if (primitive.startsWith('mlp_')) return 'mlp';
  if (primitive === 'embedding' || primitive === 'position_embedding' || primitive === 'special_token') return 'embeddings';
  if (primitive === 'norm' || primitive === 'layer_scale') return 'norms';
  return 'other';
}

/** A contiguous run of elements of one tensor (row-major element offsets). */
export interface TensorRange {
  tensor: string;
  start: number;
  count: number;
}

/**
 * One of the query, key and value parts of a fused `attention_qkv` layer (docs/design.md section 4): the element
 * ranges of the weight (and, for `--params all`, the bias) that hold it. Reported as a row of its own,
 * `<layer>[q]`, with primitive attention_query / attention_key / attention_value.
 */
export interface LayerPart {
  part: 'q' | 'k' | 'v';
  /** Ranges of the layer's weight tensor, in element order. */
  weight: TensorRange[];
  /** Ranges of the layer's bias, when it has one (counted under --params all). */
  extras: TensorRange[];
}

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
  /**
   * The transformer block the layer sits in (0-based): in a graph, the order of the repeated block; from names, the
   * number after `layers.`, `h.`, `blocks.`, `layer.` and the like. Absent or null outside repeated blocks.
   */
  block?: number | null;
  /** A tied weight (one tensor used as token embedding and output head): the name of the other use. */
  tiedWith?: string;
  /** attention_qkv only: the query, key and value parts, when the split is known. */
  parts?: LayerPart[];
}
