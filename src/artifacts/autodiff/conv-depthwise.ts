/**
 * Depthwise convolutions (group = input channels = output channels, W [C, 1, k...]) on the smallest feature maps,
 * in the training graph. onnxruntime's grouped Conv runs one tiny product per channel: mobilenet_v2's 3x3
 * depthwise convolutions on 1x1 and 2x2 maps (960 channels) took 5-9 ms each at batch 128, forward and dX alike,
 * for work that is one multiply per element. Here, channels-last, the rows are grouped by the taps that reach
 * inside the source (conv-patches.ts), and each group is a Gather, a Mul by those taps' weights [T, C] and a
 * ReduceSum over the taps:
 *   Y_g [N, R_g, C] = sum_t G_g[n, r, t, c] * W[c, t],   G_g = the group's gathered rows [N, R_g, T_g, C];
 *   dW[c, t] = sum over groups, batch and rows of G_g * dY_g, added into the K taps by a 0/1 MatMul;
 *   dX: the same construction over input positions, gathering dY.
 * The forward (with dW) and dX are each lowered only where their rows are few and their tap groups exact (no
 * padded group): elsewhere onnxruntime's Conv and the rule's other formulations are faster.
 */
import { intAttr, readInt } from '../../graph/attrs.js';
import { windowGeometry } from '../../graph/conv-geometry.js';
import type { GraphBuilder } from '../../graph/builder.js';
import { reduce, reshape, transpose } from '../../graph/ops.js';
import type { Dim, Node } from '../../onnx/types.js';
import { elementCount } from '../../util/element-count.js';
import { forwardSource, inputGradSource, staticDims, tapPlan, type TapGroup, type TapPlan } from './conv-patches.js';
import type { BackwardContext, LowerContext } from './rule.js';
import { addIntoTaps, assemble, channelsFirst, channelsLast, gatherRows, groupRowsOf, source } from './tap-graph.js';

/** Most rows (output positions forward, input positions for dX) of a lowered depthwise product. */
const MAX_ROWS = 16;
const MIN_CHANNELS = 16;

export interface DepthwisePlan {
  spatial: number[];
  outSpatial: number[];
  c: number;
  k: number;
  kernel: number[];
  /** Tap groups of the forward (and dW) and of dX, each where that part is lowered. */
  forward: TapPlan | undefined;
  inputGrad: TapPlan | undefined;
}

function exactAndSmall(plan: TapPlan, rows: number): TapPlan | undefined {
  return plan.zeroRow === undefined && rows <= MAX_ROWS ? plan : undefined;
}

/** The plan of a depthwise Conv node with a part worth lowering, or undefined. */
export function depthwisePlan(node: Node, shape: (name: string) => Dim[]): DepthwisePlan | undefined {
  const w = staticDims(shape(node.inputs[1]!));
  const spatial = staticDims(shape(node.inputs[0]!).slice(2));
  const outSpatial = staticDims(shape(node.outputs[0]!).slice(2));
  if (w === undefined || spatial === undefined || outSpatial === undefined || spatial.length === 0) return undefined;
  const c = w[0]!;
  if (readInt(node, 'group', 1) !== c || w[1] !== 1 || c < MIN_CHANNELS) return undefined;
  const kernel = w.slice(2);
  const g = windowGeometry(node, spatial, kernel);
  const forward = exactAndSmall(tapPlan(outSpatial, kernel, elementCount(spatial), forwardSource(g, spatial)), elementCount(outSpatial));
  const inputGrad = exactAndSmall(tapPlan(spatial, kernel, elementCount(outSpatial), inputGradSource(g, outSpatial)), elementCount(spatial));
  if (forward === undefined && inputGrad === undefined) return undefined;
  return { spatial, outSpatial, c, k: elementCount(kernel), kernel, forward, inputGrad };
}

/** W [C, 1, k...] as [K, C]. */
function tapMajorWeight(b: GraphBuilder, w: string, p: DepthwisePlan, name: string): string {
  return transpose(b, reshape(b, w, [p.c, p.k], `${name}.ck`), [1, 0], name);
}

/** A group's rows of `src` [N, S, C] with their taps as [N, R, T, C]. */
function gathered(b: GraphBuilder, src: string, group: TapGroup, sourceSize: number, c: number, name: string): string {
  return reshape(b, gatherRows(b, src, group, sourceSize, c, name), [-1, group.rows.length, group.taps.length, c], `${name}.taps`);
}

/** sum_t rows[n, r, t, c] * W[t, c] for the group's taps: [N, R, C]. */
function weightedTaps(b: GraphBuilder, rows: string, wKC: string, group: TapGroup, p: DepthwisePlan, name: string): string {
  const w = group.taps.length === p.k ? wKC : b.op('Gather', [wKC, b.constInt64(group.taps)], { axis: intAttr(0) }, `${name}.weight`);
  const weighted = b.op('Mul', [rows, w], {}, `${name}.mul`);
  return reduce(b, 'ReduceSum', weighted, [2], false, name);
}

export function lowerDepthwise(ctx: LowerContext, p: DepthwisePlan, plan: TapPlan): void {
  const { b, node } = ctx;
  const rank = p.spatial.length;
  const [x, w, bias] = node.inputs as [string, string, string | undefined];
  const xLast = transpose(b, x, channelsLast(rank), ctx.name('channelsLast'));
  const src = source(b, reshape(b, xLast, [0, elementCount(p.spatial), p.c], ctx.name('flat')), plan, ctx.name('x'));
  const wKC = tapMajorWeight(b, w, p, ctx.name('weight'));
  const products = plan.groups.map((group, i) => {
    if (group.taps.length === 0) return undefined;
    const rows = gathered(b, src, group, elementCount(p.spatial), p.c, ctx.name(`taps${i}`));
    ctx.save(`taps${i}`, rows);
    return weightedTaps(b, rows, wKC, group, p, ctx.name(`y${i}`));
  });
  let y = assemble(b, products, plan, elementCount(p.outSpatial), p.c, ctx.name('y'));
  if (bias !== undefined) y = b.op('Add', [y, bias], {}, ctx.name('bias'));
  const yLast = reshape(b, y, [-1, ...p.outSpatial, p.c], ctx.name('y.unflat'));
  b.node('Transpose', [yLast], { perm: { type: 'ints', value: channelsFirst(rank) } }, { name: node.name, outputs: [node.outputs[0]!] });
  ctx.save('weight.kc', wKC);
}

/** dY [N, C, O...] channels-last as [N, O, C]. */
export function depthwiseDY(ctx: BackwardContext, p: DepthwisePlan, dY: string): string {
  const dyLast = transpose(ctx.b, dY, channelsLast(p.spatial.length), ctx.name('dY.channelsLast'));
  return reshape(ctx.b, dyLast, [0, elementCount(p.outSpatial), p.c], ctx.name('dY.flat'));
}

/** dW [C, 1, k...] of a lowered forward: per group sum over batch and rows of G_g * dY_g, added into the K taps. */
export function depthwiseWeightGrad(ctx: BackwardContext, p: DepthwisePlan, plan: TapPlan, dyFlat: string): string {
  const b = ctx.b;
  const parts: string[] = [];
  const taps: number[] = [];
  plan.groups.forEach((group, i) => {
    if (group.taps.length === 0) return;
    const dy = reshape(b, groupRowsOf(b, dyFlat, group, elementCount(p.outSpatial), p.c, ctx.name(`dY${i}`)), [-1, group.rows.length, 1, p.c], ctx.name(`dY${i}.taps`));
    const prod = b.op('Mul', [ctx.saved(`taps${i}`), dy], {}, ctx.name(`dW${i}.mul`));
    parts.push(reduce(b, 'ReduceSum', prod, [0, 1], false, ctx.name(`dW${i}`)));
    taps.push(...group.taps);
  });
  const kc = addIntoTaps(b, parts, taps, p.k, 0, ctx.name('dW.kc'));
  return reshape(b, transpose(b, kc, [1, 0], ctx.name('dW.ck')), [p.c, 1, ...p.kernel], ctx.name('dW'));
}

/** dX [N, C, S...]: per group of input positions, the dY rows that read them weighted by those taps. */
export function depthwiseInputGrad(ctx: BackwardContext, p: DepthwisePlan, plan: TapPlan, dyFlat: string, wKC: string): string {
  const b = ctx.b;
  const src = source(b, dyFlat, plan, ctx.name('dX.dY'));
  const products = plan.groups.map((group, i) => {
    if (group.taps.length === 0) return undefined;
    const rows = gathered(b, src, group, elementCount(p.outSpatial), p.c, ctx.name(`dX${i}.taps`));
    return weightedTaps(b, rows, wKC, group, p, ctx.name(`dX${i}`));
  });
  const dx = assemble(b, products, plan, elementCount(p.spatial), p.c, ctx.name('dX.rows'));
  const dxLast = reshape(b, dx, [-1, ...p.spatial, p.c], ctx.name('dX.unflat'));
  return transpose(b, dxLast, channelsFirst(p.spatial.length), ctx.name('dX'));
}

/** The [K, C] weight for dX: the forward's when it was lowered, else made here. */
export function depthwiseWeight(ctx: BackwardContext, p: DepthwisePlan): string {
  return p.forward !== undefined ? ctx.saved('weight.kc') : tapMajorWeight(ctx.b, ctx.node.inputs[1]!, p, ctx.name('dX.weight'));
}
