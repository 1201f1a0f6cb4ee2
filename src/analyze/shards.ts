/**
 * One run across many machines (docs/design.md section 14): `analyze --shard i/n` computes the pass's sums for the
 * i-th of n partitions of the layers, and `merge` puts the parts together into one pass cache (pass-cache.ts), from
 * which the report is made as from a cache hit: the same bytes as one `analyze`. The partition depends only on the
 * run and the options (the pass's layers and their sizes), so every task computes the same plan. Pure.
 */
import { InputError } from '../errors.js';
import type { PassLayer, LayerTotals } from './pass.js';
import { decodeTotals, encodeTotals, type PassCache } from './pass-cache.js';
import type { AnalyzeOptions } from './types.js';

export const PART_FILE = 'part.json';
const SCHEMA = 'weightscale.part/1';

export interface Shard {
  /** From 0, as Kubernetes' JOB_COMPLETION_INDEX and Slurm array indices 0-(n-1). */
  index: number;
  count: number;
}

/** The options that make the report; all parts of a run must agree on them. */
export type PartOptions = Omit<AnalyzeOptions, 'threads' | 'budgetMB' | 'formats'>;

export interface Part {
  schema: typeof SCHEMA;
  shard: Shard;
  /** The run as the shard was given it (merge analyzes it from there, unless told another path). */
  run: string;
  options: PartOptions;
  /** The pass cache, with the sums of this part's layers only (the others null). */
  cache: Omit<PassCache, 'totals'> & { totals: (LayerTotals | null)[] };
}

/** `--shard i/n`. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new InputError(`--shard ${text}: expected i/n with 0 <= i < n, e.g. 0/4 (i counts from 0)`);
  return { index, count };
}

/**
 * The pass layers of each shard: a fused layer with its q/k/v parts is one unit, weighed by its elements; units go,
 * largest first (ties: the earlier layer), to the shard with the fewest elements so far (ties: the lower index).
 */
export function partition(layers: readonly PassLayer[], elementsOf: (li: number) => number, count: number): Set<number>[] {
  const units = new Map<number, number[]>();
  layers.forEach((layer, li) => {
    const head = layer.part ? layer.part.of : li;
    const unit = units.get(head);
    if (unit) unit.push(li);
    else units.set(head, [li]);
  });
  const weighed = [...units.entries()].map(([head, members]) => ({ head, members, elements: layers[head]!.part ? 0 : elementsOf(head) }));
  weighed.sort((a, b) => b.elements - a.elements || a.head - b.head);
  const shards = Array.from({ length: count }, () => ({ elements: 0, layers: new Set<number>() }));
  for (const unit of weighed) {
    let best = 0;
    for (let s = 1; s < count; s++) if (shards[s]!.elements < shards[best]!.elements) best = s;
    shards[best]!.elements += unit.elements;
    for (const li of unit.members) shards[best]!.layers.add(li);
  }
  return shards.map((s) => s.layers);
}

/** JSON: the part with its cache's sums encoded as the cache file encodes them, null for other parts' layers. */
export function encodePart(part: Part): string {
  return JSON.stringify({ ...part, cache: { ...part.cache, totals: part.cache.totals.map((t) => (t === null ? null : encodeTotals(t))) } });
}

export function decodePart(text: string, file: string): Part {
  let raw: Omit<Part, 'cache'> & { cache: Omit<Part['cache'], 'totals'> & { totals: (Record<string, unknown> | null)[] } };
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InputError(`${file}: not a weightscale part (not JSON)`);
  }
  if (raw?.schema !== SCHEMA) throw new InputError(`${file}: not a weightscale part of this version (schema ${String(raw?.schema)})`);
  try {
    return { ...raw, cache: { ...raw.cache, totals: raw.cache.totals.map((t) => (t === null ? null : decodeTotals(t))) } };
  } catch {
    throw new InputError(`${file}: a damaged part (its sums do not read)`);
  }
}

/**
 * The parts of one run put together: exactly the shards 0..n-1 once each, of the same run (checkpoint identities),
 * plan and options, each layer's sums in exactly one part. Throws one line naming the part that does not fit.
 */
export function mergeParts(parts: readonly { file: string; part: Part }[]): { cache: PassCache; run: string; options: PartOptions } {
  if (parts.length === 0) throw new InputError('merge: no parts given');
  const first = parts[0]!;
  const count = first.part.shard.count;
  const byIndex = new Map<number, string>();
  for (const { file, part } of parts) {
    if (part.shard.count !== count) throw new InputError(`${file}: part ${part.shard.index}/${part.shard.count}, but ${first.file} is part ${first.part.shard.index}/${count}`);
    const twin = byIndex.get(part.shard.index);
    if (twin !== undefined) throw new InputError(`${file}: part ${part.shard.index}/${count} is given twice (also ${twin})`);
    byIndex.set(part.shard.index, file);
    const differs = sameAs(first.part, part);
    if (differs) throw new InputError(`${file}: ${differs} than ${first.file}; the parts must come from one run with the same options`);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new InputError(`merge: part${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
  const layers = first.part.cache.totals.length;
  const totals: LayerTotals[] = [];
  for (let li = 0; li < layers; li++) {
    const holders = parts.filter((p) => p.part.cache.totals[li] !== null);
    if (holders.length !== 1) throw new InputError(`merge: layer ${li} has sums in ${holders.length} parts, not one; the parts were not made by one plan`);
    totals.push(holders[0]!.part.cache.totals[li]!);
  }
  return { cache: { ...first.part.cache, totals }, run: first.part.run, options: first.part.options };
}

/** What differs between two parts of what must not ("another run", ...), or null. */
function sameAs(a: Part, b: Part): string | null {
  if (JSON.stringify(a.cache.checkpoints) !== JSON.stringify(b.cache.checkpoints)) return 'another run (or other checkpoints of it)';
  if (JSON.stringify(a.options) !== JSON.stringify(b.options)) return 'other options';
  if (a.cache.plan !== b.cache.plan || a.cache.totals.length !== b.cache.totals.length) return 'another plan (another version or other layers)';
  return null;
}
