/** Two analysed runs in, the Diff (diff.json) out. Pure apart from CPU time: both sides are already loaded. */
import { checkpointNumber, type AnalyzeOptions, type Summary } from '../analyze/types.js';
import { InputError } from '../errors.js';
import { adjustedRandIndex } from '../metrics/index.js';
import { runUnit, transitionLabels } from '../report/summary-data.js';
import { VERSION } from '../version.js';
import { crossFeatures, type CrossFeatures } from './cross-features.js';
import { pairRuns, type PairedLayer } from './pair-layers.js';
import { addSquared, layerSquaredNorms, rootNorms, ZERO_SQUARED, type SquaredNorms } from './pair-norms.js';
import type { RunSide } from './run-side.js';
import { l1Gap, seriesCorrelation } from './series.js';
import type { Diff, DiffLayer, DiffRun, Side } from './types.js';

export interface Comparison {
  diff: Diff;
  /** The cross-run feature correlation matrix, for its chart; null when not computed. */
  features: CrossFeatures | null;
}

function runInfo(side: RunSide): DiffRun {
  const checkpoints = side.result.summary.run.checkpoints;
  return {
    dir: side.dir,
    checkpoints: checkpoints.length,
    epochs: checkpoints.map(checkpointNumber),
    unit: runUnit(side.result.summary),
    firstFile: side.first.file,
    lastFile: side.last.file,
    report: null,
  };
}

function epochs(summary: Summary, count: number): number[] {
  return summary.run.checkpoints.slice(0, count).map(checkpointNumber);
}

/** Labels of the compared transitions, with warnings when the runs differ in length or in epoch numbers. */
function comparedTransitions(a: Summary, b: Summary, warnings: string[]): string[] {
  const countA = a.run.checkpoints.length;
  const countB = b.run.checkpoints.length;
  const compared = Math.min(countA, countB);
  if (countA !== countB) {
    warnings.push(
      `A has ${countA} checkpoints, B has ${countB}: the RWC series are compared over the first ${compared} checkpoints (${compared - 1} transitions) only`,
    );
  }
  const ea = epochs(a, compared);
  const eb = epochs(b, compared);
  if (ea.every((e, i) => e === eb[i])) return transitionLabels(a).slice(0, compared - 1);
  warnings.push(
    `the runs' checkpoints have different ${runUnit(a) === runUnit(b) ? `${runUnit(a)}s` : 'numbers'} (A: ${ea.join(', ')}; B: ${eb.join(', ')}): transitions are compared by position`,
  );
  return Array.from({ length: compared - 1 }, (_, i) => String(i + 1));
}

function squaredAt(pair: PairedLayer, a: RunSide, b: RunSide, which: 'first' | 'last', options: AnalyzeOptions): SquaredNorms {
  return layerSquaredNorms(pair.a[which], a[which], pair.b[which], b[which], options.params, { a: a.dir, b: b.dir });
}

function diffLayer(pair: PairedLayer, transitions: number, first: SquaredNorms, last: SquaredNorms): DiffLayer {
  const sa = pair.a.summary;
  const sb = pair.b.summary;
  const cut = <T>(xs: readonly T[]): T[] => xs.slice(0, transitions);
  const [rwcA, rwcB, rwcClippedA, rwcClippedB] = [sa.rwc, sb.rwc, sa.rwcClipped, sb.rwcClipped].map(cut);
  return {
    a: sa.name,
    b: sb.name,
    matchedBy: pair.by,
    primitive: sa.primitive,
    primitiveB: sb.primitive,
    depthA: sa.depth,
    depthB: sb.depth,
    rwcA,
    rwcB,
    rwcClippedA,
    rwcClippedB,
    l1Gap: l1Gap(rwcClippedA, rwcClippedB),
    l1GapRaw: l1Gap(rwcA, rwcB),
    correlation: seriesCorrelation(rwcClippedA, rwcClippedB),
    correlationRaw: seriesCorrelation(rwcA, rwcB),
    clusterA: sa.cluster,
    clusterB: sb.cluster,
    norms: { first: rootNorms(first), last: rootNorms(last) },
  };
}

function clusterAgreement(layers: readonly DiffLayer[]): { ari: number | null; count: number } {
  const both = layers.filter((l) => l.clusterA !== null && l.clusterB !== null);
  if (both.length < 2) return { ari: null, count: both.length };
  return { ari: adjustedRandIndex(both.map((l) => l.clusterA!), both.map((l) => l.clusterB!)), count: both.length };
}

function runWarnings(side: Side, summary: Summary): string[] {
  return summary.warnings.map((w) => `${side.toUpperCase()}: ${w}`);
}

/** The two runs' notes (what does not apply), a note both share said once as "A and B: ...". */
export function runNotes(sa: Pick<Summary, 'notes'>, sb: Pick<Summary, 'notes'>): string[] {
  const a = sa.notes ?? [];
  const b = sb.notes ?? [];
  return [
    ...a.map((n) => (b.includes(n) ? `A and B: ${n}` : `A: ${n}`)),
    ...b.filter((n) => !a.includes(n)).map((n) => `B: ${n}`),
  ];
}

export async function compareRuns(a: RunSide, b: RunSide, options: AnalyzeOptions): Promise<Comparison> {
  const sa = a.result.summary;
  const sb = b.result.summary;
  const warnings: string[] = [];
  const pairing = pairRuns(a, b);
  if (pairing.pairs.length === 0) {
    throw new InputError(
      `${a.dir} and ${b.dir}: no layer of one run pairs with a layer of the other (by weight name or structural key); nothing to compare`,
    );
  }
  const labels = comparedTransitions(sa, sb, warnings);
  let first = ZERO_SQUARED;
  let last = ZERO_SQUARED;
  const layers = pairing.pairs.map((pair) => {
    const f = squaredAt(pair, a, b, 'first', options);
    const l = squaredAt(pair, a, b, 'last', options);
    first = addSquared(first, f);
    last = addSquared(last, l);
    return diffLayer(pair, labels.length, f, l);
  });
  for (const [side, list] of [['A', pairing.unpairedA], ['B', pairing.unpairedB]] as const) {
    if (list.length > 0) {
      warnings.push(`${list.length} layer(s) of ${side} have no partner and are not compared: ${list.map((l) => l.name).join(', ')}`);
    }
  }
  const notes: string[] = [];
  const features = await crossFeatures(pairing.pairs, a.last, b.last, warnings, notes);
  const agreement = clusterAgreement(layers);
  const { formats: _formats, ...analysisOptions } = options;
  const diff: Diff = {
    schema: 'weightscale.diff/1',
    tool: { name: 'weightscale', version: VERSION },
    runs: { a: runInfo(a), b: runInfo(b) },
    options: analysisOptions,
    epochsCompared: labels.length + 1,
    transitionsCompared: labels.length,
    transitions: labels,
    layers,
    clusterAgreement: agreement.ari,
    clusterAgreementLayers: agreement.count,
    norms: { params: options.params, first: rootNorms(first), last: rootNorms(last) },
    features: features?.summary ?? null,
    unpaired: { a: pairing.unpairedA, b: pairing.unpairedB },
    warnings: [...warnings, ...runWarnings('a', sa), ...runWarnings('b', sb)],
    notes: [...notes, ...runNotes(sa, sb)],
    charts: [],
  };
  return { diff, features };
}
