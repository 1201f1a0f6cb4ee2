/**
 * What outlier clipping changed, in words: the caption of the RWC charts (how many values were replaced and where)
 * and the advice shown on the page when clipping mostly flattened the start of training. Pure functions.
 */
import type { LayerSummary, Summary } from '../analyze/types.js';
import { clippingSummary, type ClippingSummary } from '../cluster/outliers.js';
import { transitionLabels } from './summary-data.js';

/** A row whose values were replaced more often than this share gets the advice. */
export const ADVICE_ROW_SHARE = 0.25;
/** "The first transitions": the first fifth of them (at least one). */
export function earlyTransitions(transitions: number): number {
  return Math.max(1, Math.floor(transitions / 5));
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** The counts of `members` only (a primitive group), or of every layer. */
export function clippingOf(members: readonly Pick<LayerSummary, 'rwc' | 'rwcClipped'>[]): ClippingSummary {
  return clippingSummary(
    members.map((l) => l.rwc),
    members.map((l) => l.rwcClipped),
  );
}

/**
 * "clipping (row, σ = 2) replaced 153 of 2,220 values, all in the first 5 transitions (up to 4→5); the lines show
 * the raw values (replaced points hollow), the clusters use the clipped values." `labels` are the transitions'
 * labels; `total` the number of non-null values.
 */
export function clippingCaption(summary: Summary, clipping: ClippingSummary, total: number): string {
  const mode = summary.options.outliers;
  if (mode === 'none') return 'No outlier clipping (--outliers none): the clusters use the raw values shown.';
  const how = `outlier clipping (per ${mode}, σ = ${summary.options.sigma})`;
  if (clipping.replaced === 0) return `The ${how} replaced no value: the clusters use the values shown.`;
  const labels = transitionLabels(summary);
  const by = clipping.byTransition;
  const last = by.reduce((acc, n, t) => (n > 0 ? t : acc), -1);
  const first = by.findIndex((n) => n > 0);
  let where: string;
  if (last === first) {
    where = `all at transition ${labels[first] ?? first + 1}`;
  } else if (last + 1 <= Math.ceil(by.length / 2)) {
    where = `all in the first ${last + 1} transitions (up to ${labels[last] ?? last + 1})`;
  } else {
    const busiest = by
      .map((n, t) => ({ n, t }))
      .filter((e) => e.n > 0)
      .sort((a, b) => b.n - a.n || a.t - b.t)
      .slice(0, 3)
      .map((e) => `${labels[e.t] ?? e.t + 1} (${e.n})`);
    where = `most at ${busiest.join(', ')}`;
  }
  return `The ${how} replaced ${clipping.replaced.toLocaleString('en-US')} of ${plural(total, 'value')}, ${where}; the lines show the raw values (replaced points hollow), the clusters use the clipped values.`;
}

/** Number of non-null RWC values of `members`. */
export function valueCount(members: readonly Pick<LayerSummary, 'rwc'>[]): number {
  return members.reduce((n, l) => n + l.rwc.filter((v) => v !== null).length, 0);
}

/**
 * Advice to re-run with other clipping, or null: when clipping replaced more than ADVICE_ROW_SHARE of some layer's
 * values, or when more than half of the replaced values lie in the first transitions (where RWC is largest because
 * it falls roughly like 1/t, so clipping flattens the phase in which layers learn most).
 */
export function clippingAdvice(summary: Summary): string | null {
  if (summary.options.outliers === 'none') return null;
  const clipping = clippingOf(summary.layers);
  if (clipping.replaced === 0) return null;
  const early = earlyTransitions(clipping.byTransition.length);
  const inEarly = clipping.byTransition.slice(0, early).reduce((a, b) => a + b, 0);
  const heavy = summary.layers.filter((l) => {
    const n = l.rwc.filter((v) => v !== null).length;
    return n > 0 && clippingOf([l]).replaced / n > ADVICE_ROW_SHARE;
  });
  const reasons: string[] = [];
  if (inEarly * 2 > clipping.replaced) {
    const which =
      inEarly === clipping.replaced
        ? clipping.replaced === 1
          ? 'the one value it replaced lies'
          : `all ${clipping.replaced} values it replaced lie`
        : `${inEarly} of the ${clipping.replaced} values it replaced lie`;
    const span = early === 1 ? 'the first transition' : `the first ${early} transitions`;
    reasons.push(`${which} in ${span}, where RWC is naturally largest, so the clusters see those layers' fastest phase flattened to their mean`);
  }
  if (heavy.length > 0) {
    reasons.push(
      `it replaced more than ${ADVICE_ROW_SHARE * 100}% of the values of ${plural(heavy.length, 'layer')} (${heavy
        .slice(0, 3)
        .map((l) => l.name)
        .join(', ')}${heavy.length > 3 ? ', …' : ''})`,
    );
  }
  if (reasons.length === 0) return null;
  return `Outlier clipping (--outliers ${summary.options.outliers}) may distort the clusters: ${reasons.join('; and ')}. Consider --outliers none (cluster the raw curves) or --outliers column (judge each transition across layers instead of along a layer).`;
}
