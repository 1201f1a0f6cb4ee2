/**
 * A checkpoint as the analysis sees it, whatever its file format: a tensor index (name -> dtype, shape, where the
 * bytes are) built without decoding any weight data, plus the ONNX graph when the format has one. Reading one tensor
 * (or one element range of it) is then one positioned read. Format readers (src/formats over src/onnx and src/safetensors)
 * produce this; src/analyze consumes it. Nothing here knows a format.
 */
import type { DataType, FloatData, Graph } from '../onnx/types.js';

/** The weight dtypes: FLOAT, FLOAT16, BFLOAT16 (read as float32) and DOUBLE (read as float64). */
export type WeightDataType = DataType.FLOAT | DataType.FLOAT16 | DataType.BFLOAT16 | DataType.DOUBLE;

/** Where a tensor's little-endian element bytes are. */
export type TensorStorage =
  /** `bytes` bytes at `offset` of `path` (raw_data inside an ONNX file, an external data file, a safetensors shard). */
  | { kind: 'file'; path: string; offset: number; bytes: number }
  /** `bytes` bytes at `offset` of the file at `url`, read by HTTP range requests (src/remote, docs/design.md section 12). */
  | { kind: 'url'; url: string; offset: number; bytes: number }
  /** Already decoded (ONNX typed fields such as float_data: rare and small). */
  | { kind: 'memory'; data: FloatData };

export interface TensorEntry {
  name: string;
  dataType: WeightDataType;
  shape: number[];
  /** Product of `shape` (1 for a scalar). */
  elements: number;
  storage: TensorStorage;
}

export type CheckpointFormat = 'onnx' | 'safetensors';

export interface CheckpointIndex {
  /** The file (or directory, for a sharded or Trainer-style checkpoint) the index was built from. */
  path: string;
  format: CheckpointFormat;
  /** Weight tensors only (other dtypes are skipped), in file order. */
  tensors: Map<string, TensorEntry>;
  /** ONNX metadata_props or safetensors `__metadata__`. */
  metadata: Record<string, string>;
  /**
   * ONNX only: the graph with its initializers' data left out (`data` is empty for indexed weights; small non-float
   * initializers such as Reshape shapes are decoded). Weights kept in Constant nodes appear as initializers named
   * after the Constant's output. Undefined for formats without a graph (layers then come from tensor names).
   */
  graph?: Graph;
  /** safetensors sharded checkpoints: tensor order of the index's weight_map, for depth order. */
  order?: string[];
  /** A Hugging Face `config.json` beside the weights, when there is one (roles from names use it). */
  config?: ModelConfig;
}

/** What the rules for names (src/model/from-names.ts) use of a Hugging Face `config.json`. */
export interface ModelConfig {
  /** `model_type`: llama, gpt2, gpt_neox, bert, t5, ... */
  modelType?: string;
  /** `num_attention_heads` (`n_head` in GPT-2 configs): GPT-NeoX's fused q/k/v is interleaved per head. */
  numAttentionHeads?: number;
  /** `tie_word_embeddings`; absent when the config does not say (transformers' default is true). */
  tieWordEmbeddings?: boolean;
}
