/** Deterministic fake Summaries and ReportExtras for the report tests and previews (no I/O, no tests here). */
import { CHANGE_TOLERANCES, DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze/types.js';
import type { ChangedFraction, ClusteringResult, LayerSummary, Summary } from '../../src/analyze/types.js';
import type { Primitive } from '../../src/model/types.js';
import type { ReportExtras, RgbTile } from '../../src/report/types.js';
import { mulberry32 } from '../../src/util/random.js';

/** Small seeded PRNG, uniform in [0, 1). */
export const seededRandom = mulberry32;

export interface FakeOptions {
  layers: number;
  /** Number of checkpoints (epochs 0..epochs-1); RWC series have epochs - 1 values. */
  epochs: number;
  clusters?: number;
  seed?: number;
  /** Overrides for the first layers' names (e.g. a hostile name for escaping tests). */
  names?: string[];
}

const PRIMITIVE_CYCLE: Primitive[] = ['conv', 'depthwise', 'pointwise_expand', 'pointwise_project', 'norm'];

/** RWC profile of a cluster: 0 decays fast from 0.5, 1 slow around 0.03, 2 nearly frozen ~1e-4, others between. */
function clusterCurve(cluster: number, t: number, rand: () => number): number {
  const noise = 0.8 + 0.4 * rand();
  switch (cluster) {
    case 0:
      return 0.5 * Math.exp(-0.45 * t) * noise + 0.004;
    case 1:
      return 0.03 * Math.exp(-0.02 * t) * noise;
    case 2:
      return 1.2e-4 * noise;
    default:
      return 0.005 * (cluster + 1) * noise;
  }
}

function changedFraction(base: number): ChangedFraction {
  const out: ChangedFraction = {};
  CHANGE_TOLERANCES.forEach((tol, i) => (out[String(tol)] = Math.max(0, Math.min(1, base * [1, 1, 0.97, 0.7, 0.08][i]))));
  return out;
}

function clusteringOf(layers: LayerSummary[], k: number, rand: () => number, variance: [number, number]): ClusteringResult {
  const ids = [...new Set(layers.map((l) => l.cluster as number))].sort((a, b) => a - b);
  const renumber = new Map(ids.map((id, i) => [id, i]));
  const labels = layers.map((l) => renumber.get(l.cluster as number) as number);
  const centers: [number, number][] = [[2.5, 0.4], [-0.6, 1.1], [-1.8, -0.9], [0.5, -1.6], [1.4, 1.8]];
  const points = labels.map((c): [number, number] => {
    const [cx, cy] = centers[c % centers.length];
    return [cx + (rand() - 0.5) * 0.9, cy + (rand() - 0.5) * 0.7];
  });
  const T = layers[0]?.rwcClipped.length ?? 0;
  const clusters = ids.map((_, c) => {
    const members = layers.filter((_, i) => labels[i] === c);
    const at = (t: number) => members.map((m) => m.rwcClipped[t]).filter((v): v is number => v !== null);
    const column = Array.from({ length: T }, (_, t) => at(t));
    return {
      id: c,
      layers: members.map((m) => m.name),
      meanRwc: column.map((vs) => vs.reduce((a, b) => a + b, 0) / Math.max(1, vs.length)),
      minRwc: column.map((vs) => Math.min(...vs)),
      maxRwc: column.map((vs) => Math.max(...vs)),
    };
  });
  const kMax = Math.min(12, layers.length);
  const inertia = Array.from({ length: kMax }, (_, i) => 40 / (1 + 3 * i * i) + 0.2 * (kMax - i));
  return {
    k: ids.length || k,
    kChosen: 'auto',
    space: 'pca',
    inertia,
    explainedVariance: variance,
    layers: layers.map((l) => l.name),
    labels,
    points,
    clusters,
  };
}

/** A realistic fake summary: clustered RWC curves with an outlier and a null, dynamics, per-primitive groups. */
export function fakeSummary(options: FakeOptions): Summary {
  const rand = seededRandom(options.seed ?? 1);
  const k = options.clusters ?? 3;
  const T = options.epochs - 1;
  const layers: LayerSummary[] = [];
  for (let d = 0; d < options.layers; d++) {
    const cluster = Math.floor((d * k) / options.layers) === 0 ? 0 : (d * 7 + 3) % k;
    const primitive = PRIMITIVE_CYCLE[d % PRIMITIVE_CYCLE.length];
    const name = options.names?.[d] ?? `stage${Math.floor(d / 6)}.block${d % 6}.${primitive}`;
    const rwc: (number | null)[] = Array.from({ length: T }, (_, t) => clusterCurve(cluster, t, rand));
    if (d === 1 && T > 3) rwc[2] = rwc[2]! * 40; // an outlier, clipped below
    if (d === 2 && T > 4) rwc[4] = null; // a zero denominator
    const others = rwc.filter((v, t): v is number => v !== null && !(d === 1 && t === 2));
    const mean = others.reduce((a, b) => a + b, 0) / Math.max(1, others.length);
    const rwcClipped = rwc.map((v, t) => (d === 1 && t === 2 ? mean : v));
    const shape = primitive === 'norm' ? [32] : primitive === 'depthwise' ? [32, 1, 3, 3] : [32, 16, 3, 3];
    layers.push({
      name,
      index: d * 3 + 1,
      depth: d,
      op: primitive === 'norm' ? 'BatchNormalization' : 'Conv',
      primitive,
      weight: `${name}.weight`,
      tensors: [`${name}.weight`, `${name}.bias`],
      shape,
      params: shape.reduce((a, b) => a * b, 1),
      rwc,
      rwcClipped,
      cluster,
      pca: null,
      changedFraction: changedFraction(cluster === 2 ? 0.3 : 1),
      cosineToInit: 0.9,
      distanceFromInit: Array.from({ length: options.epochs }, (_, e) => Math.sqrt(e) * 0.3),
    });
  }
  const all = clusteringOf(layers, k, rand, [0.873, 0.091]);
  layers.forEach((l, i) => (l.pca = all.points[i]));
  const byPrimitive: Partial<Record<Primitive, ClusteringResult>> = {};
  for (const p of new Set(layers.map((l) => l.primitive))) {
    const members = layers.filter((l) => l.primitive === p);
    if (members.length >= 3) byPrimitive[p] = clusteringOf(members, k, rand, [0.8, 0.15]);
  }
  const everyK = Math.min(5, Math.max(1, T));
  const from: number[] = [];
  for (let e = 0; e + everyK < options.epochs; e += everyK) from.push(e);
  return {
    schema: 'weightscale.summary/1',
    tool: { name: 'weightscale', version: '0.1.0' },
    run: {
      dir: 'runs/fake',
      unit: 'epoch',
      checkpoints: Array.from({ length: options.epochs }, (_, e) => ({
        file: `epoch-${String(e).padStart(3, '0')}.onnx`,
        epoch: e,
        bytes: 1_700_000 + e,
      })),
    },
    options: { ...optionsWithoutFormats(), every: everyK },
    layers,
    clustering: { all, byPrimitive },
    dynamics: {
      changedFraction: changedFraction(0.95),
      changedFractionByPrimitive: {
        conv: changedFraction(1),
        depthwise: changedFraction(0.9),
        norm: changedFraction(0.6),
      },
      distanceFromInit: {
        l2: Array.from({ length: options.epochs }, (_, e) => 12 * Math.sqrt(e)),
        l1: Array.from({ length: options.epochs }, (_, e) => 900 * Math.sqrt(e)),
      },
      every: {
        k: everyK,
        from,
        to: from.map((f) => f + everyK),
        l2: from.map((f) => 9 / (1 + f)),
        l1: from.map((f) => 700 / (1 + f)),
      },
    },
    // The one value clipped above: layer 1, transition 2.
    clipping: { replaced: T > 3 ? 1 : 0, byTransition: Array.from({ length: T }, (_, t) => (T > 3 && t === 2 ? 1 : 0)) },
    training: null,
    features: { layer: layers[Math.max(0, layers.length - 2)]?.name ?? '', meanAbsCorrelation: 0.12 },
    banding: { layer: 'layer4.conv2', score: 0.71, reconstructionError: 3.2, neuronsShown: 64 },
    unmatched: [{ tensor: 'onnx::Conv_123', file: 'epoch-003.onnx', reason: 'missing' }],
    coverage: { tensors: 0, tensorsInLayers: 0, elements: 0, elementsInLayers: 0, buffers: [] },
    warnings: ['layer stage0.block2.pointwise_expand: RWC undefined (zero weights) at 1 of 9 transitions; reported as null'],
    notes: [],
    charts: [],
  };
}

/** First-conv filters [out, in, kh, kw] over `epochs` rows; with `frozen`, the weights never change. */
export function fakeFilters(out: number, cin: number, k: number, epochs: number, frozen = false): ReportExtras['filters'] {
  const rand = seededRandom(7);
  const size = out * cin * k * k;
  let current = Float32Array.from({ length: size }, () => (rand() - 0.5) * 0.4);
  const rows = [];
  for (let e = 0; e < epochs; e++) {
    const prev = current;
    if (e > 0 && !frozen) {
      current = Float32Array.from(prev, (v, i) => v + (Math.sin(i * 0.37 + e) * 0.05) / e);
    }
    const filterRwc =
      e === 0
        ? undefined
        : Array.from({ length: out }, (_, o) => {
            let num = 0;
            let den = 0;
            for (let i = o * cin * k * k; i < (o + 1) * cin * k * k; i++) {
              num += Math.abs(current[i] - prev[i]);
              den += Math.abs(prev[i]);
            }
            return den === 0 ? null : num / den;
          });
    rows.push({ label: `epoch ${e}`, weights: current, filterRwc });
  }
  return { layer: 'conv1', shape: [out, cin, k, k], rows };
}

/** `n` RGB tiles of kh x kw with smooth colour bands. */
export function fakeBanding(n: number, kh = 3, kw = 3): ReportExtras['banding'] {
  const tiles: RgbTile[] = [];
  for (let i = 0; i < n; i++) {
    const data = new Float32Array(kh * kw * 3);
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) {
        const o = (y * kw + x) * 3;
        data[o] = (y / Math.max(1, kh - 1)) * ((i % 3) / 2);
        data[o + 1] = (x / Math.max(1, kw - 1)) * (((i + 1) % 3) / 2);
        data[o + 2] = (((i * 7) % 10) / 10) * 0.8;
      }
    }
    tiles.push({ height: kh, width: kw, data });
  }
  return { layer: 'layer4.conv2', tiles };
}

/** An n x n correlation matrix with three correlated blocks, shuffled, and the order that un-shuffles it. */
export function fakeCorrelation(n: number): NonNullable<ReportExtras['correlation']> {
  const rand = seededRandom(3);
  const group = Array.from({ length: n }, (_, i) => (i * 7) % 3);
  const values = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const r = i === j ? 1 : group[i] === group[j] ? 0.5 + 0.4 * rand() : (rand() - 0.5) * 0.6 - (group[i] + group[j] === 2 ? 0.5 : 0);
      values[i * n + j] = r;
      values[j * n + i] = r;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => group[a] - group[b] || a - b);
  return { layer: 'fc3', size: n, values, order };
}

export function fakeExtras(big: boolean): ReportExtras {
  return big
    ? { filters: fakeFilters(512, 3, 3, 6), banding: fakeBanding(512), correlation: fakeCorrelation(512) }
    : { filters: fakeFilters(20, 1, 5, 4), banding: fakeBanding(64), correlation: fakeCorrelation(50) };
}

/** The default analysis options as summary.json records them (no output formats). */
function optionsWithoutFormats(): Omit<typeof DEFAULT_ANALYZE_OPTIONS, 'formats' | 'every'> {
  const { formats: _formats, every: _every, ...rest } = DEFAULT_ANALYZE_OPTIONS;
  return rest;
}

export interface FakeTransformerOptions {
  /** Transformer blocks (each: norm, fused qkv with its q/k/v part rows, attention output, norm, mlp up, mlp down). */
  blocks: number;
  checkpoints: number;
  /** Steps between checkpoints (the run is step-numbered: steps 0, stepSize, 2·stepSize, ...). */
  stepSize?: number;
  seed?: number;
}

/** Roles of one block in data-flow order, and the RWC profile of each (t = transition, b = block, B = blocks). */
const BLOCK_ROLES: { name: string; primitive: Primitive; curve: (t: number, b: number, B: number) => number }[] = [
  { name: 'ln_1', primitive: 'norm', curve: (t) => 0.002 * Math.exp(-0.1 * t) },
  { name: 'attn.c_attn', primitive: 'attention_qkv', curve: (t) => 0.08 * Math.exp(-0.3 * t) + 0.004 },
  { name: 'attn.c_proj', primitive: 'attention_output', curve: (t) => 0.06 * Math.exp(-0.2 * t) + 0.003 },
  { name: 'ln_2', primitive: 'norm', curve: (t) => 0.002 * Math.exp(-0.1 * t) },
  { name: 'mlp.c_fc', primitive: 'mlp_up', curve: (t) => 0.05 * Math.exp(-0.15 * t) + 0.005 },
  // The last blocks' mlp_down keep changing: no decay there.
  { name: 'mlp.c_proj', primitive: 'mlp_down', curve: (t, b, B) => (b >= B - 2 ? 0.05 : 0.05 * Math.exp(-0.25 * t) + 0.002) },
];

/** q settles slowest, k first (its RWC falls fastest), v between. */
const PART_DECAY: Record<'q' | 'k' | 'v', [Primitive, number]> = {
  q: ['attention_query', 0.2],
  k: ['attention_key', 1.2],
  v: ['attention_value', 0.4],
};

/**
 * A GPT-2-shaped, step-numbered fake summary: token and position embeddings, `blocks` blocks of BLOCK_ROLES (the
 * fused qkv with its `[q]`, `[k]`, `[v]` part rows), a final norm and a head; per-primitive clustering of the roles.
 */
export function fakeTransformerSummary(options: FakeTransformerOptions): Summary {
  const rand = seededRandom(options.seed ?? 5);
  const T = options.checkpoints - 1;
  const step = options.stepSize ?? 500;
  const base = fakeSummary({ layers: 6, epochs: options.checkpoints, seed: options.seed });
  const specs: { name: string; primitive: Primitive; block: number | null; curve: (t: number) => number; partOf?: string }[] = [];
  specs.push({ name: 'transformer.wte', primitive: 'embedding', block: null, curve: (t) => 0.001 * Math.exp(-0.05 * t) });
  specs.push({ name: 'transformer.wpe', primitive: 'position_embedding', block: null, curve: (t) => 0.01 * Math.exp(-0.1 * t) });
  for (let b = 0; b < options.blocks; b++) {
    for (const role of BLOCK_ROLES) {
      const name = `transformer.h.${b}.${role.name}`;
      specs.push({ name, primitive: role.primitive, block: b, curve: (t) => role.curve(t, b, options.blocks) });
      if (role.primitive === 'attention_qkv') {
        for (const part of ['q', 'k', 'v'] as const) {
          const [primitive, decay] = PART_DECAY[part];
          specs.push({ name: `${name}[${part}]`, primitive, block: b, partOf: name, curve: (t) => 0.08 * Math.exp(-decay * t) + 0.001 });
        }
      }
    }
  }
  specs.push({ name: 'transformer.ln_f', primitive: 'norm', block: null, curve: (t) => 0.003 * Math.exp(-0.1 * t) });
  specs.push({ name: 'lm_head', primitive: 'linear', block: null, curve: (t) => 0.02 * Math.exp(-0.2 * t) + 0.002 });
  const layers: LayerSummary[] = specs.map((spec, d) => {
    const rwc = Array.from({ length: T }, (_, t) => spec.curve(t) * (0.9 + 0.2 * rand()));
    const shape = spec.primitive === 'norm' ? [64] : spec.primitive.startsWith('attention_') && spec.primitive !== 'attention_output' && spec.primitive !== 'attention_qkv' ? [64, 64] : [64, 256];
    const cluster = spec.partOf ? null : rwc[T - 1] > 0.02 ? 0 : rwc[0] > 0.02 ? 1 : 2;
    return {
      name: spec.name,
      index: d * 4 + 1,
      depth: d,
      op: spec.primitive === 'norm' ? 'LayerNormalization' : spec.primitive.includes('embedding') ? 'Gather' : 'MatMul',
      primitive: spec.primitive,
      weight: `${spec.partOf ?? spec.name}.weight`,
      tensors: [`${spec.partOf ?? spec.name}.weight`],
      shape,
      params: shape.reduce((a, b) => a * b, 1),
      rwc,
      rwcClipped: [...rwc],
      cluster,
      pca: null,
      changedFraction: changedFraction(0.9),
      cosineToInit: 0.95,
      distanceFromInit: Array.from({ length: options.checkpoints }, (_, e) => Math.sqrt(e) * 0.2),
      block: spec.block,
      ...(spec.partOf ? { partOf: spec.partOf } : {}),
    };
  });
  const clustered = layers.filter((l) => l.partOf === undefined);
  const all = clusteringOf(clustered, 3, rand, [0.9, 0.07]);
  clustered.forEach((l, i) => (l.pca = all.points[i]));
  const byPrimitive: Partial<Record<Primitive, ClusteringResult>> = {};
  for (const p of new Set(clustered.map((l) => l.primitive))) {
    const members = clustered.filter((l) => l.primitive === p);
    if (members.length >= 3) byPrimitive[p] = clusteringOf(members.map((m) => ({ ...m, cluster: m.cluster ?? 0 })), 2, rand, [0.8, 0.15]);
  }
  return {
    ...base,
    run: {
      dir: 'runs/gpt-fake',
      unit: 'step',
      checkpoints: Array.from({ length: options.checkpoints }, (_, i) => ({ file: `checkpoint-${i * step}`, step: i * step, bytes: 5_000_000 })),
    },
    layers,
    clustering: { all, byPrimitive },
    dynamics: { ...base.dynamics, changedFractionByPrimitive: { norm: changedFraction(0.5), mlp_up: changedFraction(1) } },
    features: null,
    banding: null,
    unmatched: [],
    coverage: { tensors: layers.length - 3 * options.blocks, tensorsInLayers: layers.length - 3 * options.blocks, elements: 1_000_000, elementsInLayers: 1_000_000, buffers: [{ name: 'attn.bias', shape: [1, 1, 64, 64] }, { name: 'rotary.cos', shape: [64, 32] }] },
    warnings: [],
    notes: ['no conv layer: no filter image', 'no weight banding image (no conv layer before a global pooling)'],
  };
}
