/**
 * Depth order of layers from names (docs/design.md section 9). For a transformer: embeddings first; the blocks in
 * the numeric order of their index; inside a block, data-flow order by role: input norm, q, k, v (or qkv), attention
 * output, its layer scale, post-attention norm, gate, up, down, the MLP's layer scale, a norm after the MLP; then the
 * final norm; then the head. Encoder-decoder models (T5) keep their stacks apart: the encoder's blocks and final
 * norm, then the decoder's. Otherwise (and to break ties): `order` when it is not merely sorted by name, then the
 * natural order of the weight names.
 */
import { naturalCompare } from '../checkpoint/natural-order.js';
import { roleGroup } from './types.js';
import { subLayerOf, type NameRole } from './transformer-roles.js';

const NORM_BEFORE_ATTENTION = /input_layernorm|(^|\.)ln_1$|norm1$|norm_1$|ln_attn|attention_norm|pre_attention/;
const NORM_AFTER_ATTENTION = /post_attention_layernorm|(^|\.)ln_2$|norm2$|norm_2$|attention\.output\.layernorm|pre_feedforward|ffn_norm|ln_mlp/;
const NORM_AFTER_MLP = /post_feedforward|(^|\.)output\.layernorm$/;

/** A layer before its position is known. */
export interface Module {
  /** The layer's name: the module path, or the tensor name for bare parameters. */
  name: string;
  weight: string;
  bias: string | undefined;
  shape: number[];
  biasElements: number;
  role: NameRole | null;
  block: number | null;
}

export function sortModules(modules: Module[], order: readonly string[] | undefined, transformer: boolean): void {
  const position = new Map<string, number>();
  if (order && !isSortedByName(order)) order.forEach((name, i) => position.has(name) || position.set(name, i));
  const hint = (m: Module) => position.get(m.weight) ?? Infinity;
  const byHint = (a: Module, b: Module) => hint(a) - hint(b) || naturalCompare(a.weight, b.weight);
  if (!transformer) {
    modules.sort(byHint);
    return;
  }
  const stacks = stackPrefixes(modules);
  const key = new Map(modules.map((m) => [m, sortKey(m, stacks)]));
  modules.sort((a, b) => {
    const [ka, kb] = [key.get(a)!, key.get(b)!];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return byHint(a, b);
  });
}

/** The path before the block number of each block layer (`model.layers`, `encoder.block`), encoder-like stacks first. */
function stackPrefixes(modules: Module[]): string[] {
  const prefixes = new Set<string>();
  for (const m of modules) if (m.block !== null) prefixes.add(stackOf(m.name));
  return [...prefixes].sort((a, b) => Number(a.includes('decoder')) - Number(b.includes('decoder')) || naturalCompare(a, b));
}

function stackOf(name: string): string {
  const m = /^(.*?)(?:^|\.)(?:layers|h|blocks|layer|block)\.\d+(?=\.|$)/.exec(name);
  return m ? m[1]! : '';
}

/** [stack, phase, block, sub-layer, role rank]. */
function sortKey(m: Module, stacks: string[]): number[] {
  const name = m.name.toLowerCase();
  const primitive = m.role?.primitive ?? (m.shape.length === 1 ? 'norm' : 'linear');
  if (m.block !== null) {
    return [stacks.indexOf(stackOf(m.name)), 1, m.block, subLayerOf(m.name), roleRank(name, primitive)];
  }
  const embeddings = roleGroup(primitive) === 'embeddings' || (primitive !== 'linear' && /embed/.test(name)) || m.shape.length >= 3;
  // A layer outside the blocks belongs to a stack whose first path component it shares (T5's encoder.final_layer_norm).
  const own = stacks.findIndex((s) => s !== '' && stacks.length > 1 && name.startsWith(s.split('.')[0]!.toLowerCase() + '.'));
  if (embeddings) return [own >= 0 ? own : -1, 0, 0, 0, 0];
  const phase = primitive === 'norm' ? 2 : 3;
  return [own >= 0 ? own : stacks.length, phase, 0, 0, 0];
}

function roleRank(name: string, primitive: string): number {
  switch (primitive) {
    case 'attention_query':
      return 1;
    case 'attention_key':
      return 2;
    case 'attention_value':
    case 'attention_qkv':
      return 3;
    case 'attention_output':
      return 5;
    case 'mlp_gate':
      return 7;
    case 'mlp_up':
      return 8;
    case 'mlp_down':
      return 9;
    case 'layer_scale':
      return /ls1|gamma_1/.test(name) ? 5.5 : 9.5;
    case 'norm':
      if (NORM_AFTER_ATTENTION.test(name)) return 6;
      if (NORM_AFTER_MLP.test(name)) return 10;
      return NORM_BEFORE_ATTENTION.test(name) ? 0 : 0.5;
    default:
      return 11;
  }
}

function isSortedByName(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return false;
  return true;
}
