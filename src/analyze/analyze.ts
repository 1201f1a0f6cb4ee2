/**
 * `analyze` as a library function: a run directory in, the Summary (summary.json) and the report's extra arrays
 * out. I/O is limited to reading checkpoints; writing the report is the report stage's job.
 */
import { InputError } from '../errors.js';
import type { Layer, LayerPart, Primitive, TensorRange } from '../model/types.js';
import { batchNormFoldedLayers, batchNormFoldingWarning } from '../model/batchnorm-folding.js';
import { bufferCandidates, coverageOf } from './coverage.js';
import { firstChanges, unchangedOf } from './buffers.js';
import { partition, type Part, type Shard } from './shards.js';
import { IndexMemo } from './index-memo.js';
import { planHash, reusableCheckpoints, type CheckpointIdentity, type PassCache } from './pass-cache.js';
import type { FloatData } from '../onnx/types.js';
import type { ReportExtras, FilterRow } from './extras.js';
import { availableParallelism } from 'node:os';
import type { TensorEntry } from '../checkpoint/types.js';
import { openCheckpoint } from '../formats/open.js';
import { TensorReader, bytesPerElement } from '../checkpoint/read-tensor.js';
import { clipOutliers, clusterLayers } from '../cluster/index.js';
import { clippingSummary } from '../cluster/outliers.js';
import { readTrainingHistory } from './training-history.js';
import { l1DiffAndNorm, rwcFromParts } from '../metrics/index.js';
import { VERSION } from '../version.js';
import { listRun, type Checkpoint, type RunListing } from './checkpoints.js';
import { loadReference, matchEntries, type Reference, type Unmatched } from './load.js';
import { everyPairs, passFromTotals, runPass, type PassInput, type PassLayer, type PassResult } from './pass.js';
import { setLinalgThreads, warmUpLinalg } from '../linalg/matmul.js';
import { featureCorrelation, featureView, penultimateLayer } from './features.js';
import { evenSample, lastConvBeforePooling, weightBanding } from './banding.js';
import {
  CHANGE_TOLERANCES,
  CHANGE_TOLERANCE_KEYS,
  type AnalyzeOptions,
  type BandingSummary,
  type ChangedFraction,
  type ClusteringResult,
  LAYER_FIELDS,
  type LayerSummary,
  type RunUnit,
  type Summary,
} from './types.js';
import { clusteringWarnings } from './clustering-warnings.js';

export interface AnalyzeHooks {
  /**
   * Progress of a stage: `indexing` (checkpoints), `reading` (bytes of weights), `clustering`, `features` (steps).
   * Called with done = 0 when a stage starts.
   */
  onProgress?: (stage: AnalyzeStage, done: number, total: number) => void;
}

export type AnalyzeStage = 'indexing' | 'reading' | 'clustering' | 'features';

export interface AnalyzeResult {
  summary: Summary;
  extras: ReportExtras;
  /** The pass's sums, for the next (incremental) analysis of the run (pass-cache.ts). */
  cache: PassCache;
  /** Wall time of the stages, for benchmarks and --debug. */
  timings: {
    indexSeconds: number;
    passSeconds: number;
    clusteringSeconds: number;
    featuresSeconds: number;
    /** Weight bytes read by the pass (and the constant-table check), and by the features stage. */
    bytesRead: number;
    featureBytesRead: number;
    /** Leading checkpoints whose sums came from the cache. */
    checkpointsReused: number;
  };
}

/** Most filter rows shown in the filter image: all epochs up to this many, else an even sample. */
const MAX_FILTER_ROWS = 30;
/** Smallest primitive group that gets its own clustering. */
const MIN_GROUP = 3;
/** Elements per pass job and checkpoint: 4-8 MB per buffer, four buffers per thread (docs/design.md section 10). */
export const CHUNK_ELEMENTS = 1 << 20;
/** Default working-set budget of the pass; threads are capped so that their buffers fit. */
const DEFAULT_BUDGET_MB = 512;

export function defaultEvery(checkpoints: number): number {
  return Math.max(1, Math.min(5, checkpoints - 1));
}

/** Threads the pass uses: the option (default: every core), capped by the budget (four float64 chunk buffers each). */
export function passThreads(options: Pick<AnalyzeOptions, 'threads' | 'budgetMB'>): number {
  const wanted = options.threads ?? availableParallelism();
  const perThread = 4 * 8 * CHUNK_ELEMENTS;
  const fit = Math.floor(((options.budgetMB ?? DEFAULT_BUDGET_MB) * 2 ** 20) / perThread);
  return Math.max(1, Math.min(wanted, fit));
}

export interface AnalyzeFrom {
  /**
   * The cache of an earlier analysis of the run (AnalyzeResult.cache), whose sums are reused for the leading
   * checkpoints that are unchanged; the result is the same bytes as without it.
   */
  previous?: PassCache | null;
  /** Analyze the first `checkpoints` checkpoints of the run only (--watch: the ones written completely). */
  checkpoints?: number;
  /** A long-lived caller's memo of the checkpoints already indexed (index-memo.ts). */
  memo?: IndexMemo;
}

/** What every analysis of a run starts from: its index, its layers and the pass over them, before anything is read. */
interface PlannedRun {
  indexed: IndexedRun;
  layers: Layer[];
  rows: Row[];
  buffers: Set<string>;
  firstChange: PassCache['firstChange'];
  every: number;
  warnings: string[];
  featureLayer: Layer | null;
  passInput: PassInput;
  /** The hash of what the pass's sums depend on besides the checkpoints (pass-cache.ts). */
  plan: string;
  /** Leading checkpoints whose sums `previous` holds. */
  reusable: number;
}

function planRun(dir: string, options: AnalyzeOptions, progress: ProgressHook, from: AnalyzeFrom): PlannedRun {
  const previous = from.previous ?? null;
  const indexed = indexRun(dir, progress, from.checkpoints, from.memo ?? new IndexMemo());
  const { listing, checkpoints, ref, entriesOf, identities } = indexed;
  const reusable = reusableCheckpoints(previous, identities);
  const warnings = [...listing.warnings];
  const every = options.every ?? defaultEvery(checkpoints.length);
  if (every < 1 || every >= checkpoints.length) {
    throw new InputError(`--every ${every}: must be between 1 and ${checkpoints.length - 1} for ${checkpoints.length} checkpoints`);
  }
  const { layers, rows, buffers, firstChange } = selectLayers(ref, entriesOf, reusable > 0 ? previous!.firstChange : {}, reusable);
  if (layers.length === 0) throw new InputError(`${checkpoints[0].path}: no weighted layers or changing parameters found`);
  if (ref.index.graph) {
    const folded = batchNormFoldedLayers(ref.index.graph, layers);
    if (folded.length > 0) warnings.unshift(batchNormFoldingWarning(folded.length));
  }
  const featureLayer = options.featureLayer === null ? null : findLayer(layers, options.featureLayer);
  const passInput: PassInput = {
    checkpoints: checkpoints.length,
    layers: passLayers(rows, ref, options.params),
    entries: entriesOf,
    rwc: options.rwc,
    every,
    threads: passThreads(options),
    chunkElements: CHUNK_ELEMENTS,
    onRead: (done, total) => progress('reading', done, total),
  };
  const plan = planHash([VERSION, options.rwc, options.params, every, CHUNK_ELEMENTS, passInput.layers]);
  return { indexed, layers, rows, buffers, firstChange, every, warnings, featureLayer, passInput, plan, reusable };
}

type ProgressHook = (stage: AnalyzeStage, done: number, total: number) => void;

function cacheOf(planned: PlannedRun, totals: PassCache['totals']): PassCache {
  const { indexed, every, plan, firstChange } = planned;
  const pairs = everyPairs(indexed.checkpoints.length, every);
  return { schema: 'weightscale.pass-cache/1', plan, checkpoints: indexed.identities, pairs, totals, firstChange };
}

export async function analyzeRun(dir: string, options: AnalyzeOptions, hooks: AnalyzeHooks = {}, from: AnalyzeFrom = {}): Promise<AnalyzeResult> {
  const progress = hooks.onProgress ?? (() => {});
  const started = performance.now();
  const previous = from.previous ?? null;
  const planned = planRun(dir, options, progress, from);
  const { indexed, layers, rows, buffers, every, warnings, featureLayer, passInput, plan, reusable } = planned;
  const { listing, checkpoints, ref, unmatched } = indexed;
  const notes: string[] = [];

  const indexDone = performance.now();
  setLinalgThreads(options.threads ?? 0);
  const linalgReady = warmUpLinalg();
  const pass = await incrementalPass(passInput, previous?.plan === plan ? previous : null, reusable);
  warnings.push(...passWarnings(pass, rows, checkpoints));

  const passDone = performance.now();
  progress('clustering', 0, 1);
  const clustering = clusterRows(rows, pass.rwc, options);
  warnings.push(...clusteringWarnings(options.k, clustering.all, checkpoints.length - 1));
  progress('clustering', 1, 1);

  const clusteringDone = performance.now();
  const extras: ReportExtras = {};
  const { features, banding, bytesRead: featureBytesRead } = await analyzeFeatureStage(indexed, layers, featureLayer, options.seed, extras, notes, linalgReady, progress);
  const featuresDone = performance.now();

  const summary: Summary = {
    schema: 'weightscale.summary/1',
    tool: { name: 'weightscale', version: VERSION },
    run: {
      dir,
      unit: listing.unit,
      checkpoints: checkpoints.map((c) => ({ file: c.file, [listing.unit]: c.epoch, bytes: c.bytes })),
    },
    options: {
      rwc: options.rwc,
      params: options.params,
      outliers: options.outliers,
      sigma: options.sigma,
      clusterSpace: options.clusterSpace,
      k: options.k,
      seed: options.seed,
      kMax: options.kMax,
      splitBy: options.splitBy,
      every,
      excludeEnds: options.excludeEnds,
      featureLayer: options.featureLayer,
    },
    layers: layerSummaries(rows, pass, clustering),
    clustering: { all: clustering.all, byPrimitive: clustering.byPrimitive },
    dynamics: {
      changedFraction: totalFractions(wholeOnly(rows, pass.changedCounts), wholeOnly(rows, pass.layerSizes)),
      changedFractionByPrimitive: byPrimitiveFractions(rows, pass.changedCounts, pass.layerSizes),
      distanceFromInit: pass.distanceFromInit,
      every: pass.every,
    },
    clipping: clippingSummary(pass.rwc, clustering.rwcClipped),
    training: readTrainingHistory(dir, warnings),
    features,
    banding,
    unmatched: dedupeUnmatched(unmatched),
    coverage: coverageOf(ref.index, layers, buffers, ref.statistics),
    warnings,
    notes,
    charts: [],
  };
  const timings = {
    indexSeconds: (indexDone - started) / 1000,
    passSeconds: (passDone - indexDone) / 1000,
    clusteringSeconds: (clusteringDone - passDone) / 1000,
    featuresSeconds: (featuresDone - clusteringDone) / 1000,
    bytesRead: pass.bytesRead,
    featureBytesRead,
    checkpointsReused: previous?.plan === plan ? reusable : 0,
  };
  return { summary, extras, cache: cacheOf(planned, pass.totals), timings };
}

/**
 * `analyze --shard i/n`: the pass's sums for the i-th of n partitions of the layers (shards.ts), as a part for
 * `merge`. Nothing else is computed: the merge makes the report.
 */
export async function analyzeShard(dir: string, options: AnalyzeOptions, shard: Shard, hooks: AnalyzeHooks = {}): Promise<Part> {
  const planned = planRun(dir, options, hooks.onProgress ?? (() => {}), {});
  const { passInput } = planned;
  const bytesOf = (li: number) =>
    passInput.layers[li]!.tensors.reduce((s, n) => {
      const e = passInput.entries(n)[0];
      return s + (e ? e.elements * bytesPerElement(e) : 0);
    }, 0);
  const mine = partition(passInput.layers, bytesOf, shard.count)[shard.index]!;
  const pass = await runPass({ ...passInput, only: mine });
  const cache = cacheOf(planned, pass.totals);
  const { threads: _t, budgetMB: _b, formats: _f, ...partOptions } = options;
  return { schema: 'weightscale.part/1', shard, run: dir, options: partOptions, cache: { ...cache, totals: pass.totals.map((t, li) => (mine.has(li) ? t : null)) } };
}

/**
 * The pass, reusing a cache made with the same plan: nothing is read when every checkpoint is the cache's own; else
 * the checkpoints after the `reusable` leading ones are summed (at least the last, whose sums against the first
 * are new when checkpoints were removed).
 */
async function incrementalPass(input: PassInput, cache: PassCache | null, reusable: number): Promise<PassResult> {
  const T = input.checkpoints;
  if (!cache || reusable < 2) return runPass(input);
  if (reusable === T && cache.checkpoints.length === T) return passFromTotals(input, cache.totals);
  return runPass({ ...input, reuse: { from: Math.min(reusable, T - 1), totals: cache.totals, pairs: cache.pairs } });
}

interface IndexedRun {
  listing: RunListing;
  checkpoints: Checkpoint[];
  ref: Reference;
  /** A reference tensor's entry at every checkpoint (null where unmatched). */
  entriesOf: (tensor: string) => (TensorEntry | null)[];
  unmatched: Unmatched[];
  identities: CheckpointIdentity[];
}

/** List the run, index every checkpoint and match its tensors to the first's. Only the entries are kept, not the graphs. */
function indexRun(dir: string, progress: ProgressHook, upTo: number | undefined, memo: IndexMemo): IndexedRun {
  const listed = listRun(dir);
  const listing = upTo === undefined ? listed : { ...listed, checkpoints: listed.checkpoints.slice(0, upTo) };
  const checkpoints = listing.checkpoints;
  if (checkpoints.length < 2) {
    throw new InputError(`${dir}: only one checkpoint (${checkpoints[0].file}); RWC needs at least two`);
  }
  const unmatched: Unmatched[] = [];
  progress('indexing', 0, checkpoints.length);
  const first = checkpoints[0]!;
  const { ref, identity } = memo.referenceAt(first.path, first.file, () => loadReference(takeIndex(first) ?? first.path));
  const identities = [identity];
  const entries = new Map<string, (TensorEntry | null)[]>([...ref.tensors].map(([name, e]) => [name, [e]]));
  progress('indexing', 1, checkpoints.length);
  for (let t = 1; t < checkpoints.length; t++) {
    const c = checkpoints[t];
    const { matched, identity } = memo.matchedAt(
      c.path,
      c.file,
      () => takeIndex(c) ?? openCheckpoint(c.path),
      (index) => {
        const own: Unmatched[] = [];
        return { entries: matchEntries(ref, index, c.file, own), unmatched: own };
      },
    );
    identities.push(identity);
    unmatched.push(...matched.unmatched);
    for (const [name, list] of entries) list.push(matched.entries.get(name) ?? null);
    progress('indexing', t + 1, checkpoints.length);
  }
  return { listing, checkpoints, ref, entriesOf: (name) => entries.get(name)!, unmatched, identities };
}

/** The index listing built (remote checkpoints), let go of once taken: only the matched entries are kept. */
function takeIndex(c: Checkpoint): Checkpoint['index'] {
  const index = c.index;
  c.index = undefined;
  return index;
}

/** A row of the analysis: a layer, or a q/k/v part of a fused layer (`partOf`: the fused layer's name). */
type Row = Layer & { partOf?: string; partRanges?: TensorRange[] };

/**
 * The layers to analyze (buffers, the `param` tensors that never change, left out; depth renumbered) and the rows:
 * each layer followed by its q/k/v parts.
 */
function selectLayers(
  ref: Reference,
  entriesOf: IndexedRun['entriesOf'],
  known: PassCache['firstChange'],
  from: number,
): { layers: Layer[]; rows: Row[]; buffers: Set<string>; firstChange: PassCache['firstChange'] } {
  const candidates = bufferCandidates(ref.layers).filter((n) => ref.tensors.has(n));
  const firstChange = firstChanges(candidates, entriesOf, CHUNK_ELEMENTS, known, from);
  const buffers = unchangedOf(firstChange);
  const layers = ref.layers
    .filter((l) => !(l.primitive === 'param' && buffers.has(l.weight)))
    .map((l, depth) => (l.depth === depth ? l : { ...l, depth }));
  const rows: Row[] = [];
  for (const layer of layers) {
    rows.push(layer);
    for (const part of layer.parts ?? []) rows.push(partRow(layer, part));
  }
  return { layers, rows, buffers, firstChange };
}

const PART_ROLE: Record<LayerPart['part'], Primitive> = { q: 'attention_query', k: 'attention_key', v: 'attention_value' };

function partRow(layer: Layer, part: LayerPart): Row {
  const params = part.weight.reduce((s, r) => s + r.count, 0);
  const cols = layer.shape[layer.shape.length - 1] ?? 1;
  const shape = part.weight.every((r) => r.count % cols === 0) ? [params / cols, cols] : [part.weight.length, part.weight[0]?.count ?? 0];
  return {
    ...layer,
    name: `${layer.name}[${part.part}]`,
    primitive: PART_ROLE[part.part],
    shape,
    params,
    paramsAll: params + part.extras.reduce((s, r) => s + r.count, 0),
    parts: undefined,
    tiedWith: undefined,
    partOf: layer.name,
    partRanges: [...part.weight, ...part.extras],
  };
}

function passLayers(rows: readonly Row[], ref: Reference, params: AnalyzeOptions['params']): PassLayer[] {
  const position = new Map(rows.map((r, i) => [r.name, i] as const));
  return rows.map((row): PassLayer => {
    const tensors = (params === 'all' ? row.tensors : [row.weight]).filter((n) => ref.tensors.has(n));
    if (row.partOf === undefined) return { name: row.name, tensors };
    const ranges = row.partRanges!.filter((r) => tensors.includes(r.tensor));
    return { name: row.name, tensors, part: { of: position.get(row.partOf)!, ranges } };
  });
}

function passWarnings(pass: PassResult, rows: readonly Row[], checkpoints: readonly Checkpoint[]): string[] {
  const warnings: string[] = [];
  if (pass.zeroElementsSkipped > 0) {
    warnings.push(`mean-relative RWC: ${pass.zeroElementsSkipped} weight elements were exactly 0 in the previous checkpoint and were left out of the mean`);
  }
  pass.nonFinite.forEach((ts, li) => {
    if (ts.length > 0 && rows[li].partOf === undefined) {
      warnings.push(
        `layer ${rows[li].name}: NaN or Inf weights in ${ts.map((t) => checkpoints[t].file).join(', ')}; every RWC and distance touching them is null`,
      );
    }
  });
  pass.rwc.forEach((row, li) => {
    const nulls = row.filter((v) => v === null).length;
    if (nulls > 0 && pass.nonFinite[li].length === 0 && rows[li].partOf === undefined) {
      warnings.push(`layer ${rows[li].name}: RWC undefined (zero or missing weights) at ${nulls} of ${row.length} transitions; reported as null`);
    }
  });
  return warnings;
}

interface RowClustering {
  rwcClipped: (number | null)[][];
  all: ClusteringResult | null;
  byPrimitive: Partial<Record<Primitive, ClusteringResult>>;
}

/**
 * The whole-network clustering takes the layers (not the q/k/v part rows, whose fused layer is there); the
 * per-primitive clustering takes every row of the primitive, so the parts join attention_query/key/value.
 */
function clusterRows(rows: readonly Row[], rwc: (number | null)[][], options: AnalyzeOptions): RowClustering {
  const rwcClipped = clipOutliers(rwc, options.outliers, options.sigma);
  const layerRows = rows.map((_, i) => i).filter((i) => rows[i].partOf === undefined);
  const clustered = options.excludeEnds ? layerRows.slice(1, -1) : layerRows;
  const kept = new Set(clustered.map((i) => rows[i].name));
  const members = rows.map((_, i) => i).filter((i) => kept.has(rows[i].partOf ?? rows[i].name));
  const clusterOpts = { space: options.clusterSpace, k: options.k, kMax: options.kMax, seed: options.seed };
  const cluster = (indices: number[]): ClusteringResult =>
    clusterLayers(
      indices.map((i) => rows[i].name),
      indices.map((i) => rwcClipped[i]),
      clusterOpts,
    );
  const all = clustered.length > 0 ? cluster(clustered) : null;
  const byPrimitive: Partial<Record<Primitive, ClusteringResult>> = {};
  if (options.splitBy === 'primitive') {
    for (const primitive of new Set(members.map((i) => rows[i].primitive))) {
      const group = members.filter((i) => rows[i].primitive === primitive);
      if (group.length >= MIN_GROUP) byPrimitive[primitive] = cluster(group);
    }
  }
  return { rwcClipped, all, byPrimitive };
}

function layerSummaries(rows: readonly Row[], pass: PassResult, clustering: RowClustering): LayerSummary[] {
  const { all, byPrimitive, rwcClipped } = clustering;
  return rows.map((row, li): LayerSummary => {
    const pos = all ? all.layers.indexOf(row.name) : -1;
    const group = byPrimitive[row.primitive];
    const gpos = group ? group.layers.indexOf(row.name) : -1;
    return {
      ...layerFields(row),
      rwc: pass.rwc[li],
      rwcClipped: rwcClipped[li],
      cluster: pos >= 0 ? all!.labels[pos] : null,
      primitiveCluster: gpos >= 0 ? group!.labels[gpos] : null,
      pca: pos >= 0 ? all!.points[pos] : null,
      changedFraction: fractions(pass.changedCounts[li], pass.layerSizes[li]),
      cosineToInit: pass.cosineToInit[li],
      distanceFromInit: pass.layerDistanceFromInit[li],
      ...(row.block !== undefined && row.block !== null ? { block: row.block } : {}),
      ...(row.tiedWith !== undefined ? { tiedWith: row.tiedWith } : {}),
      ...(row.partOf !== undefined ? { partOf: row.partOf } : {}),
    };
  });
}

function layerFields(row: Row): Pick<Layer, (typeof LAYER_FIELDS)[number]> {
  return Object.fromEntries(LAYER_FIELDS.map((key) => [key, row[key]])) as Pick<Layer, (typeof LAYER_FIELDS)[number]>;
}

/** `--layer NAME`: a layer by its name or its weight tensor's name. */
function findLayer(layers: readonly Layer[], name: string): Layer {
  const found = layers.find((l) => l.name === name) ?? layers.find((l) => l.weight === name);
  if (found) return found;
  const some = layers.slice(0, 8).map((l) => l.name).join(', ');
  throw new InputError(`--layer ${name}: no such layer (layers: ${some}${layers.length > 8 ? ', ...' : ''})`);
}

/** Feature correlation, weight banding and the first-layer filters, all read from the last (or sampled) checkpoints. */
async function analyzeFeatureStage(
  run: IndexedRun,
  layers: readonly Layer[],
  featureLayer: Layer | null,
  seed: number,
  extras: ReportExtras,
  notes: string[],
  linalgReady: Promise<unknown>,
  progress: (stage: AnalyzeStage, done: number, total: number) => void,
): Promise<{ features: Summary['features']; banding: BandingSummary | null; bytesRead: number }> {
  const { checkpoints, ref, entriesOf } = run;
  const reader = new TensorReader();
  const last = checkpoints.length - 1;
  let bytesRead = 0;
  const readAt = (name: string, t: number): FloatData | undefined => {
    const e = entriesOf(name)[t];
    if (e?.storage.kind === 'file') bytesRead += e.storage.bytes;
    return e ? reader.read(e) : undefined;
  };
  try {
    progress('features', 0, 3);
    await linalgReady;
    const features = await analyzeFeatures(ref, layers, featureLayer, (name) => readAt(name, last), extras, notes);
    progress('features', 1, 3);
    const banding = await analyzeBanding(ref, layers, (name) => readAt(name, last), seed, extras, notes);
    progress('features', 2, 3);
    const firstConv = layers.find((l) => l.op === 'Conv' && l.shape.length === 4);
    if (firstConv) {
      const kept = new Map<number, FloatData>();
      for (const t of evenSample(checkpoints.length, MAX_FILTER_ROWS)) {
        const data = readAt(firstConv.weight, t);
        if (data) kept.set(t, data);
      }
      extras.filters = filterImages(firstConv, checkpoints, run.listing.unit, kept);
    } else notes.push('no conv layer: no filter image');
    progress('features', 3, 3);
    return { features, banding, bytesRead };
  } finally {
    reader.close();
  }
}

async function analyzeFeatures(
  ref: Reference,
  layers: readonly Layer[],
  chosen: Layer | null,
  last: (tensor: string) => FloatData | undefined,
  extras: ReportExtras,
  notes: string[],
): Promise<Summary['features']> {
  const layer = chosen ?? penultimateLayer(layers);
  const data = layer ? last(layer.weight) : undefined;
  if (!layer || !data) {
    notes.push('fewer than two weighted layers: no feature correlation');
    return null;
  }
  const node = ref.index.graph?.nodes.find((n) => n.inputs.includes(layer.weight));
  const m = featureView(layer, node, data);
  if (m.rows < 2 || m.cols < 2) {
    notes.push(`layer ${layer.name}: too few features for a correlation`);
    return null;
  }
  const fc = await featureCorrelation(m);
  extras.correlation = { layer: layer.name, size: fc.n, values: fc.matrix, order: fc.order };
  return { layer: layer.name, meanAbsCorrelation: fc.meanAbsCorrelation, order: fc.order };
}

async function analyzeBanding(
  ref: Reference,
  layers: readonly Layer[],
  last: (tensor: string) => FloatData | undefined,
  seed: number,
  extras: ReportExtras,
  notes: string[],
): Promise<BandingSummary | null> {
  const layer = ref.index.graph ? lastConvBeforePooling(ref.index.graph, [...layers]) : lastSpatialConv(layers);
  const data = layer ? last(layer.weight) : undefined;
  if (!layer || !data) {
    notes.push('no conv layer feeding a global pooling: no weight banding image');
    return null;
  }
  const b = await weightBanding(layer, data, { seed });
  if (!b) {
    notes.push(`layer ${layer.name}: ${layer.shape.slice(2).join('x')} kernels, nothing to band: no weight banding image`);
    return null;
  }
  extras.banding = {
    layer: b.layer,
    tiles: b.tiles.map((data) => ({ height: b.kh, width: b.kw, data })),
    neurons: b.neurons,
    title: `Weight banding: ${b.layer}, NMF of the last conv layer (${b.tiles.length} of ${layer.shape[0]} neurons)`,
  };
  return { layer: b.layer, score: b.score, reconstructionError: b.reconstructionError, neuronsShown: b.tiles.length };
}

/** Without a graph, the layer to band is the deepest conv with spatial kernels. */
function lastSpatialConv(layers: readonly Layer[]): Layer | null {
  const convs = layers.filter((l) => l.shape.length === 4 && l.shape[2] * l.shape[3] > 1 && l.primitive !== 'depthwise');
  return convs.length > 0 ? convs[convs.length - 1] : null;
}

function filterImages(layer: Layer, checkpoints: Checkpoint[], unit: RunUnit, kept: Map<number, FloatData>): ReportExtras['filters'] {
  const [out, inC, kh, kw] = layer.shape;
  const per = inC * kh * kw;
  const indices = [...kept.keys()].sort((a, b) => a - b);
  const rows: FilterRow[] = indices.map((i, r) => {
    const weights = Float32Array.from(kept.get(i)!);
    const prev = r > 0 ? kept.get(indices[r - 1])! : null;
    const filterRwc = prev
      ? Array.from({ length: out }, (_, o) =>
          rwcFromParts([l1DiffAndNorm(prev.subarray(o * per, (o + 1) * per), weights.subarray(o * per, (o + 1) * per))]),
        )
      : undefined;
    return { label: `${unit} ${checkpoints[i].epoch}`, weights, filterRwc };
  });
  return { layer: layer.name, shape: [out, inC, kh, kw], rows };
}

function fractions(counts: number[] | null, size: number): ChangedFraction {
  const out: ChangedFraction = {};
  CHANGE_TOLERANCE_KEYS.forEach((key, i) => (out[key] = counts === null ? null : size > 0 ? counts[i] / size : 0));
  return out;
}

/** Fractions over a set of layers; layers without counts (non-finite or missing ends) are left out. */
function totalFractions(counts: (number[] | null)[], sizes: number[]): ChangedFraction {
  const idx = counts.map((c, i) => (c ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0 && counts.length > 0) return fractions(null, 0);
  return fractions(sumColumns(idx.map((i) => counts[i]!)), sum(idx.map((i) => sizes[i])));
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function sumColumns(rows: number[][]): number[] {
  return CHANGE_TOLERANCES.map((_, i) => sum(rows.map((r) => r[i])));
}

/** The entries of the layer rows, not of the q/k/v part rows (their fused layer counts their elements). */
function wholeOnly<T>(rows: readonly Row[], values: readonly T[]): T[] {
  return values.filter((_, i) => rows[i].partOf === undefined);
}

function byPrimitiveFractions(layers: readonly Row[], counts: (number[] | null)[], sizes: number[]): Partial<Record<Primitive, ChangedFraction>> {
  const out: Partial<Record<Primitive, ChangedFraction>> = {};
  for (const primitive of new Set(layers.map((l) => l.primitive))) {
    const idx = layers.map((l, i) => (l.primitive === primitive ? i : -1)).filter((i) => i >= 0);
    out[primitive] = totalFractions(idx.map((i) => counts[i]), idx.map((i) => sizes[i]));
  }
  return out;
}

function dedupeUnmatched(list: Unmatched[]): Unmatched[] {
  const seen = new Set<string>();
  return list.filter((u) => {
    const key = `${u.tensor}\u0000${u.file}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
