/**
 * Findings in terms of a transformer's roles (pure), only for a run with roles: which role settles first and which
 * last (from each role's mean RWC curve over the blocks), and in which blocks a role is still changing at the last
 * transition ("mlp_down keeps changing in the last 2 blocks"), the roles with the largest RWC there first.
 */
import type { LayerSummary, Summary } from '../analyze/types.js';
import type { Primitive } from '../model/types.js';
import { blockRoleMatrix, hasRoles } from './roles.js';
import { formatNumber } from './scales.js';
import { rawClusterStats, runUnit, transitionCount, transitionLabels, transitionPhrase } from './summary-data.js';

/** A role is still changing in a block when its RWC at the last transition is at least this share of its peak. */
export const STILL_CHANGING_SHARE = 0.5;
/** The share of its peak a role's mean RWC falls to when it has settled (as findings.ts SETTLE_SHARE). */
const ROLE_SETTLE_SHARE = 0.2;
/** Roles named in the "still changing" finding. */
const LISTED_ROLES = 3;

function peakOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length ? Math.max(...present) : null;
}

/** First transition at or after the peak where `values` is at most `share` of the peak; null if never. */
function settledAt(values: readonly (number | null)[], share: number): number | null {
  const peak = peakOf(values);
  if (peak === null || !(peak > 0)) return null;
  for (let t = values.indexOf(peak); t < values.length; t++) {
    const v = values[t];
    if (v !== null && v <= share * peak) return t;
  }
  return null;
}

function lastPresent(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}

/** "the last 2 blocks", "every block", "blocks 0, 3 and 5". */
export function blockPhrase(hit: readonly number[], all: readonly number[]): string {
  if (hit.length === all.length) return all.length === 1 ? 'its only block' : `every block (all ${all.length})`;
  const tail = all.slice(all.length - hit.length);
  if (hit.every((b, i) => b === tail[i])) return hit.length === 1 ? `the last block (${hit[0]})` : `the last ${hit.length} blocks (${hit[0]}–${hit[hit.length - 1]})`;
  const head = all.slice(0, hit.length);
  if (hit.every((b, i) => b === head[i])) return hit.length === 1 ? `the first block (${hit[0]})` : `the first ${hit.length} blocks (${hit[0]}–${hit[hit.length - 1]})`;
  const shown = hit.slice(0, 6).join(', ');
  return `blocks ${shown}${hit.length > 6 ? ` and ${hit.length - 6} more` : ''}`;
}

/** The role findings as sentences; empty for a run without roles or with fewer than 3 transitions. */
export function roleFindings(summary: Summary): string[] {
  const transitions = transitionCount(summary);
  if (!hasRoles(summary) || transitions < 3) return [];
  const labels = transitionLabels(summary);
  const unit = runUnit(summary);
  const out: string[] = [];
  const inBlocks = summary.layers.filter((l) => typeof l.block === 'number');
  const byRole = new Map<Primitive, LayerSummary[]>();
  for (const l of inBlocks) byRole.set(l.primitive, [...(byRole.get(l.primitive) ?? []), l]);
  const settled = [...byRole.entries()]
    .map(([role, layers]) => ({ role, at: settledAt(rawClusterStats(layers, transitions).mean, ROLE_SETTLE_SHARE) }))
    .filter((e): e is { role: Primitive; at: number } => e.at !== null)
    .sort((a, b) => a.at - b.at);
  if (settled.length > 0) {
    const first = settled.filter((e) => e.at === settled[0].at).map((e) => e.role);
    const unsettled = [...byRole.keys()].filter((r) => !settled.some((e) => e.role === r));
    const rest =
      unsettled.length > 0
        ? `; ${unsettled.join(', ')} ${unsettled.length === 1 ? 'has' : 'have'} not settled by the last transition`
        : settled.length > first.length
          ? `; ${settled[settled.length - 1].role} settles last (${transitionPhrase(unit, labels[settled[settled.length - 1].at])})`
          : '';
    out.push(
      `By role: ${first.join(', ')} settle${first.length === 1 ? 's' : ''} first (mean RWC over the blocks down to ${ROLE_SETTLE_SHARE * 100}% of its peak by ${transitionPhrase(unit, labels[settled[0].at])})${rest}.`,
    );
  }
  const matrix = blockRoleMatrix(summary);
  if (matrix) {
    const last = matrix.values.length - 1;
    const still = matrix.roles
      .map((role, c) => {
        const hit = matrix.blocks.filter((_, b) => {
          const series = matrix.values.map((m) => m[b][c]);
          const peak = peakOf(series);
          const end = lastPresent(series);
          return peak !== null && peak > 0 && end !== null && series[last] !== null && end >= STILL_CHANGING_SHARE * peak;
        });
        const ends = hit.map((b) => matrix.values[last][matrix.blocks.indexOf(b)][c] as number);
        return { role, hit, mean: ends.length ? ends.reduce((a, v) => a + v, 0) / ends.length : 0 };
      })
      .filter((e) => e.hit.length > 0)
      .sort((a, b) => b.mean - a.mean)
      .slice(0, LISTED_ROLES);
    for (const e of still) {
      out.push(
        `${e.role} keeps changing in ${blockPhrase(e.hit, matrix.blocks)}: RWC ${formatNumber(e.mean)} at ${transitionPhrase(unit, labels[last])}, still at least ${STILL_CHANGING_SHARE * 100}% of its peak there.`,
      );
    }
  }
  return out;
}
