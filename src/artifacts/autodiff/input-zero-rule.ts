/**
 * Rules whose gradient flows to input 0 only (the other inputs are bounds, axes, indices): the output gradient is
 * read and input 0's need for one checked here, once; `dX` maps dY to input 0's gradient.
 */
import { readInt } from '../../graph/attrs.js';
import type { BackwardContext, GradRule } from './rule.js';
import { normalizeAxis } from './static-ints.js';

export function inputZeroRule(opTypes: readonly string[], dX: (ctx: BackwardContext, dY: string) => string): GradRule {
  return {
    opTypes,
    differentiableInputs: () => [0],
    backward(ctx) {
      const dY = ctx.gradOut();
      if (dY === undefined || !ctx.needsGrad(0)) return;
      ctx.addGrad(0, dX(ctx, dY));
    },
  };
}

/** An input-0 rule of an op over one `axis` attribute (default -1) of its output `y`, e.g. Softmax. */
export function axisRule(opType: string, dX: (ctx: BackwardContext, dY: string, y: string, axis: number) => string): GradRule {
  return inputZeroRule([opType], (ctx, dY) => {
    const y = ctx.node.outputs[0]!;
    return dX(ctx, dY, y, normalizeAxis(readInt(ctx.node, 'axis', -1), ctx.shape(y).length));
  });
}
