/**
 * Graph pieces shared by the convolutions lowered over tap groups (conv-patches.ts): channels-last sources with a
 * zero row, the Gather of a group's rows, the groups' results put back in row order, and the groups' weight
 * gradients added into the kernel's taps.
 */
import { intAttr } from '../../graph/attrs.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { reshape } from '../../graph/ops.js';
import { isIdentity, range, type TapGroup, type TapPlan } from './conv-patches.js';

/** [N, C, S...] -> [N, S..., C] and back. */
export const channelsLast = (rank: number) => [0, ...range(2, rank), 1];
export const channelsFirst = (rank: number) => [0, rank + 1, ...range(1, rank)];

/** x [N, S, C] with a row of zeros appended when the plan's padded group points at one. */
export function source(b: GraphBuilder, x: string, plan: TapPlan, name: string): string {
  if (plan.zeroRow === undefined) return x;
  return b.op('Pad', [x, b.constInt64([0, 0, 0, 0, 1, 0])], {}, `${name}.zeroRow`);
}

/** A group's gathered rows of `src` [N, S, C]: [N*R, T*C], rows (n, r), columns (t, c). */
export function gatherRows(b: GraphBuilder, src: string, group: TapGroup, sourceSize: number, channels: number, name: string): string {
  if (isIdentity(group, sourceSize)) return reshape(b, src, [-1, channels], `${name}.rows`);
  const gathered = b.op('Gather', [src, b.constInt64(group.sources)], { axis: intAttr(1) }, name);
  return reshape(b, gathered, [-1, group.taps.length * channels], `${name}.rows`);
}

/** The rows of `x` [N, R, C] that group `group` computes, as [N*R_g, C]. */
export function groupRowsOf(b: GraphBuilder, x: string, group: TapGroup, rowCount: number, channels: number, name: string): string {
  if (group.rows.length === rowCount) return reshape(b, x, [-1, channels], `${name}.rows`);
  return reshape(b, b.op('Gather', [x, b.constInt64(group.rows)], { axis: intAttr(1) }, name), [-1, channels], `${name}.rows`);
}

/**
 * The groups' products [N*R_g, channels] (undefined for a group without taps: zeros) as one [N, R, channels]
 * in row order.
 */
export function assemble(b: GraphBuilder, products: (string | undefined)[], plan: TapPlan, rowCount: number, channels: number, name: string): string {
  const parts: string[] = [];
  const at = new Array<number>(rowCount);
  let next = 0;
  plan.groups.forEach((group, i) => {
    const y = products[i];
    if (y === undefined) return;
    parts.push(reshape(b, y, [-1, group.rows.length, channels], `${name}.part${i}`));
    for (const r of group.rows) at[r] = next++;
  });
  let y = parts.length === 1 ? parts[0]! : b.op('Concat', parts, { axis: intAttr(1) }, `${name}.concat`);
  if (next < rowCount) {
    y = b.op('Pad', [y, b.constInt64([0, 0, 0, 0, 1, 0])], {}, `${name}.zeros`);
    for (let r = 0; r < rowCount; r++) at[r] ??= next;
  }
  if (at.every((v, r) => v === r)) return y;
  return b.op('Gather', [y, b.constInt64(at)], { axis: intAttr(1) }, `${name}.order`);
}


/**
 * The groups' weight gradients, `parts[g]` over the group's taps on axis `axis` ([..., T_g, C]), added into all K
 * taps: concatenated over their taps, then one MatMul with a 0/1 matrix [K, sum T_g]. A single group over all taps
 * in order is the result as it is.
 */
export function addIntoTaps(b: GraphBuilder, parts: readonly string[], taps: readonly number[], k: number, axis: number, name: string): string {
  if (taps.length === k && taps.every((t, i) => t === i)) return parts[0]!;
  const all = parts.length === 1 ? parts[0]! : b.op('Concat', [...parts], { axis: intAttr(axis) }, `${name}.taps`);
  const select = range(0, k).flatMap((kk) => taps.map((t) => (t === kk ? 1 : 0)));
  return b.op('MatMul', [b.constFloat(select, [k, taps.length], `${name}.select`), all], {}, `${name}.sum`);
}
