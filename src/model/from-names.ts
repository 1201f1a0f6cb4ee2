/**
 * Layers without a graph (docs/design.md section 9), for formats such as safetensors that store only named tensors.
 *
 * - A layer is a module path (the tensor name without its last component: `model.layers.3.mlp.up_proj`) that has a
 *   `weight` tensor; its extras are the same path's `bias` (the shift, for a norm). A rank-0 weight, and a rank-1
 *   weight in a module that also holds a tensor of rank > 1, are not layers.
 * - Depth order: `order` (first appearance in a shard index's weight_map) when given and not merely sorted by name
 *   (the Hugging Face writer sorts the weight_map's keys, which carries no depth information), else natural sort
 *   of the weight names (`layers.10` after `layers.9`). `index` = `depth` = position in that order.
 * - Primitive and `op`, from shape and name (names are matched lower-cased):
 *   rank-4 `[O, I, kh, kw]`: inside a squeeze-excitation module (a path component `se`, `se_*`, `*_se`, or one
 *   containing `excit` or `squeeze` other than a bare `squeeze`, which is SqueezeNet's fire squeeze) and 1x1 ->
 *   `se_reduce` / `se_expand`; `I == 1`, `O > 1`, `kh*kw > 1` and not the first conv in depth order (a stem on
 *   one-channel images has that shape) -> `depthwise`; 1x1 -> `pointwise_project` when the path says `project`,
 *   `conv_pwl` or `downsample`, `pointwise_expand` when it says `expand` or `conv_pw`, else by shape (O > I:
 *   expand; otherwise project); other -> `conv`. op `Conv`. Rank 3 or 5+ (Conv1d/Conv3d): `conv`, op `Conv`.
 *   rank-2: squeeze-excitation module -> `se_*` (op `Linear`); last path component containing `embed`, `wte`,
 *   `wpe`, `tok_emb` or `position` -> `embedding` (op `Embedding`); other -> `linear` (op `Linear`).
 *   rank-1 -> `norm` (op `Norm`), with or without a `bias` (RMSNorm has none).
 *   SE reduce vs expand: the last component says `reduce`/`fc1`/`squeeze` or `expand`/`fc2`/`excit`, else by shape
 *   (fewer outputs than inputs: reduce). `grouped` is never assigned: a grouped conv's weight looks like a conv's.
 * - `structuralKey` is `safetensors:<weight name>`: without a graph there is no structure to match by, so layers
 *   pair across checkpoints by name only.
 */
import type { Layer, Primitive } from './types.js';

/** What the rules need of a checkpoint index (a CheckpointIndex fits): tensor names and shapes, and the shard index order if any. */
export interface NamedTensors {
  tensors: ReadonlyMap<string, { shape: readonly number[] }>;
  order?: readonly string[];
}

interface Module {
  path: string;
  weight: string;
  bias: string | undefined;
  shape: number[];
  biasElements: number;
}

export function layersFromNames(index: NamedTensors): Layer[] {
  const shapes = new Map<string, readonly number[]>();
  for (const [name, t] of index.tensors) shapes.set(name, t.shape);
  const rankAbove1 = new Set<string>();
  for (const [name, shape] of shapes) if (shape.length > 1) rankAbove1.add(modulePath(name));

  const modules: Module[] = [];
  for (const [name, shape] of shapes) {
    if (lastComponent(name) !== 'weight' || shape.length === 0) continue;
    const path = modulePath(name);
    if (shape.length === 1 && rankAbove1.has(path)) continue;
    const biasName = path === '' ? 'bias' : `${path}.bias`;
    const bias = shapes.get(biasName);
    modules.push({ path, weight: name, bias: bias ? biasName : undefined, shape: [...shape], biasElements: bias ? product(bias) : 0 });
  }
  sortByDepth(modules, index.order);

  let seenConv = false;
  return modules.map((m, depth): Layer => {
    const { op, primitive } = classify(m, !seenConv);
    if (m.shape.length >= 3) seenConv = true;
    const params = product(m.shape);
    const extras = m.bias ? [m.bias] : [];
    return {
      name: m.path === '' ? m.weight : m.path,
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
  });
}

function classify(m: Module, firstConv: boolean): { op: string; primitive: Primitive } {
  const path = m.path.toLowerCase();
  const components = path.split('.');
  const last = components[components.length - 1] ?? '';
  const [out, inp] = [m.shape[0]!, m.shape[1] ?? 0];
  const rank = m.shape.length;
  if (rank === 1) return { op: 'Norm', primitive: 'norm' };
  if (rank === 2) {
    if (components.some(isSqueezeExcitation)) return { op: 'Linear', primitive: seKind(last, out, inp) };
    if (/embed|wte|wpe|tok_emb|position/.test(last)) return { op: 'Embedding', primitive: 'embedding' };
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

function sortByDepth(modules: Module[], order: readonly string[] | undefined): void {
  if (order && !isSortedByName(order)) {
    const position = new Map<string, number>();
    order.forEach((name, i) => {
      if (!position.has(name)) position.set(name, i);
    });
    const pos = (m: Module) => position.get(m.weight) ?? Infinity;
    modules.sort((a, b) => pos(a) - pos(b) || naturalCompare(a.weight, b.weight));
  } else {
    modules.sort((a, b) => naturalCompare(a.weight, b.weight));
  }
}

function isSortedByName(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return false;
  return true;
}

/**
 * Natural order: runs of digits compare as numbers (`layers.9` < `layers.10`), other runs by code unit; a digit
 * run sorts before a non-digit run at the same place (`conv1` < `conv_dw`).
 */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const [x, y] = [ra[i]!, rb[i]!];
    const [dx, dy] = [/^\d/.test(x), /^\d/.test(y)];
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      if (x.length !== y.length) return x.length - y.length;
    } else if (dx !== dy) {
      return dx ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return ra.length - rb.length;
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
