/**
 * Roles from names for the transformer families people train (docs/design.md section 9; the README's role table):
 * Llama/Mistral/Qwen/Gemma, GPT-2, GPT-NeoX/Pythia, BERT/RoBERTa, timm ViT/DeiT, T5, Falcon/Phi/MPT. A projection's
 * role comes from its own name and its parent module's (`self_attn.q_proj`, `attention.output.dense`,
 * `mlp.c_proj`), never from weights. Also: bare parameters (class tokens, position tables, layer scales), the block
 * index, the output head's name, and the element ranges of a fused q/k/v projection's parts.
 */
import type { ModelConfig } from '../checkpoint/types.js';
import type { LayerPart, Primitive, TensorRange } from './types.js';

export interface NameRole {
  primitive: Primitive;
  op: string;
}

const ATTENTION_PARENT = /^(self_attn|attn|attention|self_attention|selfattention|encdecattention|crossattention|cross_attn|mixer|self)$/;
const MLP_PARENT = /^(mlp|ffn|feed_forward|feedforward|densereludense|intermediate|mlp_block)$/;
const QUERY = /^(q_proj|query|q|wq|to_q)$/;
const KEY = /^(k_proj|key|k|wk|to_k)$/;
const VALUE = /^(v_proj|value|v|wv|to_v)$/;
const QKV = /^(qkv|c_attn|query_key_value|wqkv|qkv_proj|in_proj)$/;
const ATTENTION_OUT = /^(o_proj|out_proj|o|dense|c_proj|proj|wo|to_out)$/;
const GATE = /^(gate_proj|w1|wi_0|gate)$/;
const UP = /^(up_proj|c_fc|fc1|dense_h_to_4h|wi|wi_1|w3|fc_in|gate_up_proj|dense)$/;
const DOWN = /^(down_proj|c_proj|fc2|dense_4h_to_h|wo|w2|fc_out)$/;
const TOKEN_EMBEDDING = /^(embed_tokens|wte|word_embeddings|embed_in|shared|tok_embeddings|token_embedding|embed)$/;
const POSITION_EMBEDDING = /^(wpe|position_embeddings|embed_positions|position_embedding|pos_embedding|relative_attention_bias)$/;
const HEAD = /^(lm_head|embed_out|head|classifier)$/;
const SPECIAL_TOKEN = /^(cls_token|dist_token|reg_token|register_tokens|mask_token|class_embedding)$/;
const POSITION_TABLE = /^(pos_embed|positional_embedding|position_embeddings|pos_embedding)$/;
const LAYER_SCALE = /^(gamma|gamma_1|gamma_2|layer_scale|layer_scale_parameter)$/;

const linear = (primitive: Primitive): NameRole => ({ primitive, op: 'Linear' });

/** The role of the module at `path` whose `weight` has `shape`, or null when no family rule applies. */
export function roleOf(path: string, shape: readonly number[], _config: ModelConfig | undefined, _names: readonly string[]): NameRole | null {
  if (shape.length !== 2) return null;
  const c = path.toLowerCase().split('.');
  const [last, parent, grand] = [c[c.length - 1] ?? '', c[c.length - 2] ?? '', c[c.length - 3] ?? ''];
  if (TOKEN_EMBEDDING.test(last) || last === 'token_type_embeddings') return { primitive: 'embedding', op: 'Embedding' };
  if (POSITION_EMBEDDING.test(last)) return { primitive: 'position_embedding', op: 'Embedding' };
  if (HEAD.test(last) && c.length <= 2) return linear('linear');
  // BERT: attention.output.dense is the attention output, layer.N.output.dense the MLP's down projection.
  if (parent === 'output' && last === 'dense') return linear(grand === 'attention' ? 'attention_output' : 'mlp_down');
  if (ATTENTION_PARENT.test(parent)) {
    if (QUERY.test(last)) return linear('attention_query');
    if (KEY.test(last)) return linear('attention_key');
    if (VALUE.test(last)) return linear('attention_value');
    if (QKV.test(last)) return linear('attention_qkv');
    if (ATTENTION_OUT.test(last)) return linear('attention_output');
  }
  if (MLP_PARENT.test(parent)) {
    if (GATE.test(last)) return linear('mlp_gate');
    if (UP.test(last)) return linear('mlp_up');
    if (DOWN.test(last)) return linear('mlp_down');
  }
  return null;
}

/** The role of a tensor that is a parameter of its own (its name does not end in weight/bias), or null. */
export function bareParameterRole(name: string, shape: readonly number[]): NameRole | null {
  if (shape.reduce((p, d) => p * d, 1) <= 1) return null;
  const c = name.toLowerCase().split('.');
  const [last, parent] = [c[c.length - 1] ?? '', c[c.length - 2] ?? ''];
  if (SPECIAL_TOKEN.test(last)) return { primitive: 'special_token', op: 'Token' };
  if (POSITION_TABLE.test(last)) return { primitive: 'position_embedding', op: 'Embedding' };
  if (LAYER_SCALE.test(last) && !parent.includes('norm')) return { primitive: 'layer_scale', op: 'Scale' };
  return null;
}

/** The transformer block of a layer: the number after `layers.`, `h.`, `blocks.`, `layer.` or `block.` (the first one). */
export function blockOf(name: string): number | null {
  const m = /(?:^|\.)(?:layers|h|blocks|layer|block)\.(\d+)(?=\.|$)/.exec(name);
  return m ? Number(m[1]) : null;
}

/** The sub-layer index inside a T5 block (`block.N.layer.M`), else 0. */
export function subLayerOf(name: string): number {
  const m = /(?:^|\.)block\.\d+\.layer\.(\d+)(?=\.|$)/.exec(name);
  return m ? Number(m[1]) : 0;
}

export function isTokenEmbedding(name: string): boolean {
  const last = name.toLowerCase().split('.').pop() ?? '';
  return TOKEN_EMBEDDING.test(last);
}

/** The module name of the output head a token embedding may be tied to, for this family. */
export function headNameFor(config: ModelConfig | undefined, names: readonly string[]): string {
  if (config?.modelType === 'gpt_neox' || names.includes('embed_out.weight')) return 'embed_out';
  if (/^(bert|roberta)$/.test(config?.modelType ?? '') || names.some((n) => n.startsWith('cls.predictions.'))) return 'cls.predictions.decoder';
  return 'lm_head';
}

/**
 * The query, key and value parts of a fused projection, when the family's layout is known:
 * - GPT-2 `c_attn`, a Conv1D of shape [in, 3d]: q|k|v are column blocks, so one range per row per part;
 * - timm `qkv`, MPT `Wqkv`, Phi-3 `qkv_proj`, `in_proj` of shape [3d, d]: q|k|v are contiguous row blocks;
 * - GPT-NeoX `query_key_value` [3d, d]: rows are [heads][3][head_dim], interleaved per head, so it needs
 *   `num_attention_heads` from config.json (without it, no parts). Falcon's layout varies with its version: no parts.
 * A bias [3d] splits as the rows do.
 */
export function qkvParts(
  name: string,
  weight: string,
  shape: readonly number[],
  bias: string | undefined,
  config: ModelConfig | undefined,
  names: readonly string[],
): LayerPart[] | undefined {
  const last = name.toLowerCase().split('.').pop() ?? '';
  const [rows, cols] = [shape[0]!, shape[1]!];
  const parts = (['q', 'k', 'v'] as const).map((part): LayerPart => ({ part, weight: [], extras: [] }));
  const range = (tensor: string, start: number, count: number): TensorRange => ({ tensor, start, count });
  if (last === 'c_attn' && cols === 3 * rows) {
    const d = rows;
    parts.forEach((p, i) => {
      for (let r = 0; r < rows; r++) p.weight.push(range(weight, r * cols + i * d, d));
      if (bias) p.extras.push(range(bias, i * d, d));
    });
    return parts;
  }
  if (rows !== 3 * cols) return undefined;
  const d = cols;
  if (last === 'query_key_value') {
    const neox = config?.modelType === 'gpt_neox' || names.some((n) => n.startsWith('gpt_neox.'));
    const heads = config?.numAttentionHeads;
    if (!neox || heads === undefined || d % heads !== 0) return undefined;
    const headDim = d / heads;
    parts.forEach((p, i) => {
      for (let h = 0; h < heads; h++) {
        const row = (h * 3 + i) * headDim;
        p.weight.push(range(weight, row * cols, headDim * cols));
        if (bias) p.extras.push(range(bias, row, headDim));
      }
    });
    return parts;
  }
  if (!/^(qkv|wqkv|qkv_proj|in_proj)$/.test(last)) return undefined;
  parts.forEach((p, i) => {
    p.weight.push(range(weight, i * d * cols, d * cols));
    if (bias) p.extras.push(range(bias, i * d, d));
  });
  return parts;
}
