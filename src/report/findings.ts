/**
 * The findings at the top of the report page, computed from the Summary (pure): what the run achieved (run.json),
 * which layers settled first and which kept changing, the roles of a transformer, each cluster in one sentence,
 * outlier layers, and (first) the warnings that change how to read the page. Each finding is plain text; the page escapes it.
 */
import type { LayerSummary, Summary } from '../analyze/types.js';
import { clippingAdvice } from './clipping-note.js';
import { displayNameMap } from './display-names.js';
import { formatNumber, meanOfPresent } from './scales.js';
import { roleGroup } from '../model/types.js';
import { roleFindings } from './role-findings.js';
import { layersInDepthOrder, runUnit, transitionLabels, transitionPhrase } from './summary-data.js';

export interface Finding {
  text: string;
  /** 'warn' findings change how the page must be read (shown highlighted). */
  level: 'info' | 'warn';
}

/** A layer has settled at the first transition where its RWC is at most this share of its own peak. */
export const SETTLE_SHARE = 0.2;
/** A layer is an outlier when its mean RWC is this many times above (or below 1/this of) the median layer's. */
export const OUTLIER_FACTOR = 10;
/** Names listed per sentence. */
const LISTED = 3;

function percent(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function last<T>(xs: readonly T[]): T | undefined {
  return xs[xs.length - 1];
}

function lastPresent(xs: readonly (number | null)[]): number | null {
  for (let i = xs.length - 1; i >= 0; i--) if (xs[i] !== null) return xs[i];
  return null;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function names(list: readonly string[], short: Map<string, string>): string {
  const shown = list.slice(0, LISTED).map((n) => short.get(n) ?? n);
  return shown.join(', ') + (list.length > LISTED ? ` and ${list.length - LISTED} more` : '');
}

/** Index of the first transition where `rwc` is at most SETTLE_SHARE of its peak; null when it never is. */
export function settleIndex(rwc: readonly (number | null)[]): number | null {
  const values = rwc.filter((v): v is number => v !== null);
  if (values.length < 2) return null;
  const peak = Math.max(...values);
  if (!(peak > 0)) return null;
  const peakAt = rwc.indexOf(peak);
  for (let t = peakAt; t < rwc.length; t++) {
    const v = rwc[t];
    if (v !== null && v <= SETTLE_SHARE * peak) return t;
  }
  return null;
}

function trainingFinding(s: Summary): Finding[] {
  const t = s.training;
  if (!t || t.epochs.length === 0) return [];
  const i = t.epochs.length - 1;
  const test = t.testAccuracy[i];
  const train = t.trainAccuracy[i];
  if (test === null && train === null) return [];
  const parts = [
    test !== null ? `final test accuracy ${percent(test)}` : null,
    train !== null ? `train accuracy ${percent(train)}` : null,
    t.testLoss[i] !== null ? `test loss ${formatNumber(t.testLoss[i])}` : null,
  ].filter(Boolean);
  const first = t.testAccuracy[0];
  const from = first !== null && test !== null ? ` (from ${percent(first)} at epoch ${t.epochs[0]})` : '';
  const what = [t.model, t.dataset && `on ${t.dataset}`].filter(Boolean).join(' ');
  return [{ text: `Training${what ? ` of ${what}` : ''}: after epoch ${t.epochs[i]}, ${parts.join(', ')}${from}.`, level: 'info' }];
}

/**
 * "Settled first" and "kept changing most", never naming one layer in both: the layers that kept changing most
 * (largest RWC at the last transition; at most half the layers) are not candidates for having settled first,
 * whatever their own peak was.
 */
function settlingFindings(s: Summary, layers: LayerSummary[], short: Map<string, string>, labels: string[]): Finding[] {
  if (labels.length < 3 || layers.length < 2) return [];
  const byLast = layers
    .map((l) => ({ l, v: lastPresent(l.rwc) }))
    .filter((e): e is { l: LayerSummary; v: number } => e.v !== null)
    .sort((a, b) => b.v - a.v);
  // Half the layers at most, so that a few layers leave some to have settled.
  const top = byLast.slice(0, Math.max(1, Math.min(LISTED, Math.floor(layers.length / 2))));
  const topNames = new Set(top.map((e) => e.l.name));
  const settled = layers
    .filter((l) => !topNames.has(l.name))
    .map((l) => ({ l, at: settleIndex(l.rwc) }))
    .filter((e): e is { l: LayerSummary; at: number } => e.at !== null)
    .sort((a, b) => a.at - b.at || (meanOfPresent(a.l.rwc) ?? 0) - (meanOfPresent(b.l.rwc) ?? 0));
  const out: Finding[] = [];
  const unit = runUnit(s);
  if (settled.length > 0) {
    const at = settled[0].at;
    const first = settled.filter((e) => e.at === at).map((e) => e.l.name);
    out.push({
      text: `Settled first: ${names(first, short)} (RWC down to ${SETTLE_SHARE * 100}% of ${first.length === 1 ? 'its' : 'their'} peak by ${transitionPhrase(unit, labels[at])}).`,
      level: 'info',
    });
  }
  if (byLast.length > 0) {
    out.push({
      text: `Kept changing most: ${top.map((e) => `${short.get(e.l.name) ?? e.l.name} (RWC ${formatNumber(e.v)})`).join(', ')} at the last ${transitionPhrase(unit, last(labels)!)}; the least: ${short.get(last(byLast)!.l.name) ?? last(byLast)!.l.name} (${formatNumber(last(byLast)!.v)}).`,
      level: 'info',
    });
  }
  return out;
}

function clusterFindings(s: Summary, layers: LayerSummary[], short: Map<string, string>, labels: string[]): Finding[] {
  const all = s.clustering.all;
  if (!all || all.clusters.length === 0) return [];
  const byName = new Map(layers.map((l) => [l.name, l]));
  const sentences = all.clusters.slice(0, 8).map((c) => {
    const members = c.layers.map((n) => byName.get(n)).filter((l): l is LayerSummary => l !== undefined);
    const depths = members.map((l) => l.depth);
    const counts = new Map<string, number>();
    for (const l of members) counts.set(l.primitive, (counts.get(l.primitive) ?? 0) + 1);
    const prims = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${n} ${p}`);
    const firstMean = meanOfPresent(members.map((l) => l.rwc[0] ?? null));
    const lastMean = meanOfPresent(members.map((l) => last(l.rwc) ?? null));
    const range = depths.length ? (Math.min(...depths) === Math.max(...depths) ? `depth ${depths[0]}` : `depth ${Math.min(...depths)}–${Math.max(...depths)}`) : '';
    const trend = labels.length > 1 && firstMean !== null && lastMean !== null ? `; mean RWC ${formatNumber(firstMean)} at ${labels[0]} → ${formatNumber(lastMean)} at ${last(labels)}` : '';
    const who = members.length <= 2 ? ` (${members.map((l) => short.get(l.name) ?? l.name).join(', ')})` : '';
    return `cluster ${c.id}: ${members.length} layer${members.length === 1 ? '' : 's'}${who}, ${range}, ${prims.join(', ')}${trend}`;
  });
  const more = all.clusters.length > 8 ? `; and ${all.clusters.length - 8} more clusters` : '';
  return [{ text: `${all.k} cluster${all.k === 1 ? '' : 's'} (k-means on the ${all.space === 'pca' ? 'PCA-2D points' : 'raw curves'}): ${sentences.join('; ')}${more}.`, level: 'info' }];
}

function outlierFindings(layers: LayerSummary[], short: Map<string, string>): Finding[] {
  const means = layers.map((l) => ({ l, m: meanOfPresent(l.rwc) })).filter((e): e is { l: LayerSummary; m: number } => e.m !== null && e.m > 0);
  const med = median(means.map((e) => e.m));
  if (med === null || means.length < 4) return [];
  const high = means.filter((e) => e.m > OUTLIER_FACTOR * med).sort((a, b) => b.m - a.m);
  const low = means.filter((e) => e.m < med / OUTLIER_FACTOR).sort((a, b) => a.m - b.m);
  const out: Finding[] = [];
  const list = (es: typeof means) => es.slice(0, LISTED).map((e) => `${short.get(e.l.name) ?? e.l.name} (${formatNumber(e.m)})`).join(', ') + (es.length > LISTED ? ` and ${es.length - LISTED} more` : '');
  if (high.length) out.push({ text: `Outlier layers, mean RWC over ${OUTLIER_FACTOR}× the median layer's ${formatNumber(med)}: ${list(high)}.`, level: 'info' });
  if (low.length) out.push({ text: `Nearly frozen layers, mean RWC under 1/${OUTLIER_FACTOR} of the median layer's ${formatNumber(med)}: ${list(low)}.${scaleCaveat(low.slice(0, LISTED).map((e) => e.l))}`, level: 'info' });
  return out;
}

/**
 * When norms or embeddings lead the nearly-frozen list: their small RWC reflects their scale (norm scales start at 1,
 * embeddings at N(0, 1), so the same step is a small share of them), not a frozen layer. Empty otherwise.
 */
export function scaleCaveat(listed: readonly LayerSummary[]): string {
  const group = listed.length > 0 ? roleGroup(listed[0].primitive) : null;
  if (group === 'norms') return ' Norm scales start at 1, so their small RWC reflects their scale (a step of the same size is a smaller share of a weight near 1), not a frozen layer.';
  if (group === 'embeddings') return ' Embeddings start at N(0, 1), far larger than the other weights, so their small RWC reflects their scale, not a frozen layer.';
  return '';
}

/** Summary warnings that change how the whole page must be read; they lead the findings. */
const LEADING_WARNINGS = [/^BatchNorm folded/i];

function warningFindings(s: Summary): Finding[] {
  const out: Finding[] = s.warnings.filter((w) => LEADING_WARNINGS.some((re) => re.test(w))).map((text) => ({ text, level: 'warn' as const }));
  const nullLayers = s.layers.filter((l) => l.rwc.some((v) => v === null));
  if (nullLayers.length > 0) {
    out.push({ text: `${nullLayers.length} layer${nullLayers.length === 1 ? ' has' : 's have'} undefined RWC (zero or missing weights) at some transitions: gaps in the curves.`, level: 'warn' });
  }
  if (s.unmatched.length > 0) {
    out.push({ text: `${s.unmatched.length} tensor${s.unmatched.length === 1 ? ' is' : 's are'} not present in every checkpoint (see Warnings): those layers' RWC is incomplete.`, level: 'warn' });
  }
  const advice = clippingAdvice(s);
  if (advice) out.push({ text: advice, level: 'warn' });
  return out;
}

/**
 * The findings, in reading order: first the warnings that change how to read the page (BatchNorm-folded convs,
 * undefined RWC, unmatched tensors, clipping advice), then what the run achieved, settling, roles, clusters, outliers.
 * q/k/v part rows (partOf) are left out of the layer findings: their fused layer speaks for them there.
 */
export function findings(s: Summary): Finding[] {
  const layers = layersInDepthOrder(s).filter((l) => l.partOf === undefined);
  const short = displayNameMap(s.layers);
  const labels = transitionLabels(s);
  return [
    ...warningFindings(s),
    ...trainingFinding(s),
    ...settlingFindings(s, layers, short, labels),
    ...roleFindings(s).map((text) => ({ text, level: 'info' as const })),
    ...clusterFindings(s, layers, short, labels),
    ...outlierFindings(layers, short),
  ];
}
