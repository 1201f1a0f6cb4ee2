/**
 * Layers without a graph (docs/design.md section 9), for formats such as safetensors that store only named tensors.
 * Nothing here reads a weight: names, shapes, a Hugging Face config.json when there is one, and where the bytes are
 * (to see two names sharing them).
 *
 * - A layer is a module path (the tensor name without its last component: `model.layers.3.mlp.up_proj`) that has a
 *   `weight` tensor; its extras are the same path's `bias` (the shift, for a norm). A rank-0 weight, and a rank-1
 *   weight in a module that also holds a tensor of rank > 1, are not layers of this kind.
 * - Bare parameters of the transformer families (transformer-roles.ts): `cls_token` and the like, `pos_embed`, a
 *   layer-scale `gamma` are layers of their own, named after the tensor.
 * - Every other tensor of more than one element that no layer claims is a layer of its own, primitive `param` (op
 *   `Param`), named after the tensor (analyze turns those that never change into buffers). BatchNorm running
 *   statistics (`running_mean`, `running_var`) are the norm's state, not parameters: never layers.
 * - Roles: names of the transformer families (transformer-roles.ts) give attention_* / mlp_* / embedding /
 *   position_embedding roles, the block index and fused q/k/v parts; a token embedding with its output head tied
 *   (config.json's `tie_word_embeddings`, not false, and no head tensor; or a head whose bytes are the embedding's) is
 *   one `embedding` layer with `tiedWith` naming the head.
 * - Otherwise, primitive and `op` from shape and name (names are matched lower-cased):
 *   rank-4 `[O, I, kh, kw]`: inside a squeeze-excitation module (a path component `se`, `se_*`, `*_se`, or one
 *   containing `excit` or `squeeze` other than a bare `squeeze`, which is SqueezeNet's fire squeeze) and 1x1 ->
 *   `se_reduce` / `se_expand`; `I == 1`, `O > 1`, `kh*kw > 1` and not the first conv in depth order (a stem on
 *   one-channel images has that shape) -> `depthwise`; 1x1 -> `pointwise_project` when the path says `project`,
 *   `conv_pwl` or `downsample`, `pointwise_expand` when it says `expand` or `conv_pw`, else by shape (O > I:
 *   expand; otherwise project); other -> `conv`. op `Conv`. Rank 3 or 5+ (Conv1d/Conv3d): `conv`, op `Conv`.
 *   rank-2: squeeze-excitation module -> `se_*` (op `Linear`); last path component containing `embed`, `wte`,
 *   `tok_emb` -> `embedding` (op `Embedding`), containing `wpe` or `position` -> `position_embedding`; other ->
 *   `linear` (op `Linear`). rank-1 -> `norm` (op `Norm`), with or without a `bias` (RMSNorm has none).
 *   SE reduce vs expand: the last component says `reduce`/`fc1`/`squeeze` or `expand`/`fc2`/`excit`, else by shape
 *   (fewer outputs than inputs: reduce). `grouped` is never assigned: a grouped conv's weight looks like a conv's.
 * - Depth order: for a transformer (some attention or MLP role found), embeddings first, then the blocks in numeric
 *   order, inside a block data-flow order by role (depth-order.ts), then the final norm, then the head. Otherwise
 *   `order` (first appearance in a shard index's weight_map) when given and not merely sorted by name (the Hugging
 *   Face writer sorts the weight_map's keys, which carries no depth information), else natural sort of the weight
 *   names (`layers.10` after `layers.9`). `index` = `depth` = position in that order.
 * - `structuralKey` is `safetensors:<weight name>`: without a graph there is no structure to match by, so layers
 *   pair across checkpoints by name only.
 */
import type { ModelConfig } from '../checkpoint/types.js';
import { naturalCompare } from '../checkpoint/natural-order.js';
import type { Layer, Primitive } from './types.js';
import { bareParameterRole, blockOf, headNameFor, isTokenEmbedding, qkvParts, roleOf, type NameRole } from './transformer-roles.js';
import { sortModules, type Module } from './depth-order.js';
import { BATCHNORM_STATISTIC } from './norm-statistics.js';

export { naturalCompare };


/** What the rules need of a checkpoint index (a CheckpointIndex fits). */
export interface NamedTensors {
  tensors: ReadonlyMap<string, { shape: readonly number[]; storage?: unknown }>;
  /** Tensor order of a shard index's weight_map. */
  order?: readonly string[];
  config?: ModelConfig;
}

export function layersFromNames(index: NamedTensors): Layer[] {
  const shapes = new Map<string, readonly number[]>();
  for (const [name, t] of index.tensors) shapes.set(name, t.shape);
  const rankAbove1 = new Set<string>();
  for (const [name, shape] of shapes) if (shape.length > 1) rankAbove1.add(modulePath(name));
  const config = index.config;
  const names = [...shapes.keys()];

  const modules: Module[] = [];
  const claimed = new Set<string>();
  const add = (name: string, weight: string, bias: string | undefined, role: NameRole | null) => {
    const shape = [...shapes.get(weight)!];
    const biasShape = bias ? shapes.get(bias) : undefined;
    modules.push({ name, weight, bias, shape, biasElements: biasShape ? product(biasShape) : 0, role, block: null });
    claimed.add(weight);
    if (bias) claimed.add(bias);
  };
  for (const [name, shape] of shapes) {
    if (shape.length === 0) continue;
    if (lastComponent(name) !== 'weight') {
      const role = bareParameterRole(name, shape);
      if (role) add(name, name, undefined, role);
      continue;
    }
    const path = modulePath(name);
    if (shape.length === 1 && rankAbove1.has(path)) continue;
    const biasName = path === '' ? 'bias' : `${path}.bias`;
    add(path === '' ? name : path, name, shapes.has(biasName) ? biasName : undefined, roleOf(path, shape, config, names));
  }
  for (const [name, shape] of shapes) {
    if (!claimed.has(name) && product(shape) > 1 && !BATCHNORM_STATISTIC.test(name)) {
      modules.push({ name, weight: name, bias: undefined, shape: [...shape], biasElements: 0, role: { primitive: 'param', op: 'Param' }, block: null });
    }
  }

  const transformer = modules.some((m) => m.role && /^(attention|mlp)_/.test(m.role.primitive));
  if (transformer) for (const m of modules) m.block = blockOf(m.name);
  const tied = transformer ? tieHead(modules, index, config) : null;
  const kept = tied ? modules.filter((m) => m !== tied.head) : modules;
  sortModules(kept, index.order, transformer);

  let seenConv = false;
  return kept.map((m, depth): Layer => {
    const { op, primitive } = m.role ?? classify(m, !seenConv);
    if (m.shape.length >= 3) seenConv = true;
    const params = product(m.shape);
    const extras = m.bias ? [m.bias] : [];
    const layer: Layer = {
      name: m.name,
      index: depth,
      depth,
      op,
      primitive,
      weight: m.weight,
      extras,
      tensors: [m.weight, ...extras],
      shape: m.shape,
      params,
      paramsAll: params + m.biasElements,
      structuralKey: `safetensors:${m.weight}`,
    };
    if (transformer) layer.block = m.block;
    if (tied?.embedding === m) layer.tiedWith = tied.headName;
    if (primitive === 'attention_qkv') {
      const parts = qkvParts(m.name, m.weight, m.shape, m.bias, config, names);
      if (parts) layer.parts = parts;
    }
    return layer;
  });
}

/**
 * The token embedding whose output head is tied to it: no head tensor and a config that does not untie them, or a
 * head tensor stored in the embedding's own bytes (then that head module is dropped).
 */
function tieHead(modules: Module[], index: NamedTensors, config: ModelConfig | undefined): { embedding: Module; head: Module | null; headName: string } | null {
  const embedding = modules.find((m) => m.role?.primitive === 'embedding' && isTokenEmbedding(m.name));
  if (!embedding) return null;
  const headName = headNameFor(config, [...index.tensors.keys()]);
  const head = modules.find((m) => m.name === headName) ?? null;
  if (head) {
    const a = index.tensors.get(embedding.weight)?.storage;
    const b = index.tensors.get(head.weight)?.storage;
    return a !== undefined && sameStorage(a, b) ? { embedding, head, headName } : null;
  }
  if (!config || config.tieWordEmbeddings === false) return null;
  const lmFamily = /^(gpt2|gpt_neox|llama|mistral|mixtral|qwen2|qwen3|gemma|gemma2|gemma3|t5|mt5|falcon|mpt|phi|phi3|olmo|olmo2|opt|gptj)$/.test(config.modelType ?? '');
  const mlmHead = [...index.tensors.keys()].some((n) => n.startsWith('cls.predictions.') || n.startsWith('lm_head.'));
  return lmFamily || mlmHead ? { embedding, head: null, headName } : null;
}

function sameStorage(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return x['kind'] === 'file' && y['kind'] === 'file' && x['path'] === y['path'] && x['offset'] === y['offset'] && x['bytes'] === y['bytes'];
}

function classify(m: Module, firstConv: boolean): { op: string; primitive: Primitive } {
  const path = m.name.toLowerCase();
  const components = path.split('.');
  const last = components[components.length - 1] ?? '';
  const [out, inp] = [m.shape[0]!, m.shape[1] ?? 0];
  const rank = m.shape.length;
  if (rank === 1) return { op: 'Norm', primitive: 'norm' };
  if (rank === 2) {
    if (components.some(isSqueezeExcitation)) return { op: 'Linear', primitive: seKind(last, out, inp) };
    if (/wpe|position/.test(last)) return { op: 'Embedding', primitive: 'position_embedding' };
    if (/embed|wte|tok_emb/.test(last)) return { op: 'Embedding', primitive: 'embedding' };
    return { op: 'Linear', primitive: 'linear' };
  }
  if (rank !== 4) return { op: 'Conv', primitive: 'conv' };
  const spatial = m.shape[2]! * m.shape[3]!;
  if (spatial === 1 && components.some(isSqueezeExcitation)) return { op: 'Conv', primitive: seKind(last, out, inp) };
  if (inp === 1 && out > 1 && spatial > 1 && !firstConv) return { op: 'Conv', primitive: 'depthwise' };
  if (spatial === 1) {
    if (/project|conv_pwl|downsample/.test(path)) return { op: 'Conv', primitive: 'pointwise_project' };
    if (/expand|conv_pw/.test(path)) return { op: 'Conv', primitive: 'pointwise_expand' };
    return { op: 'Conv', primitive: out > inp ? 'pointwise_expand' : 'pointwise_project' };
  }
  return { op: 'Conv', primitive: 'conv' };
}

function isSqueezeExcitation(component: string): boolean {
  if (component === 'se' || component.startsWith('se_') || component.endsWith('_se')) return true;
  return component.includes('excit') || (component.includes('squeeze') && component !== 'squeeze');
}

function seKind(last: string, out: number, inp: number): Primitive {
  if (/reduce|fc1|squeeze/.test(last)) return 'se_reduce';
  if (/expand|fc2|excit/.test(last)) return 'se_expand';
  return out < inp ? 'se_reduce' : 'se_expand';
}

function modulePath(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(0, dot);
}

function lastComponent(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function product(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}
