/** Tanh: Y = tanh(X). dX = dY * (1 - Y^2). */
import type { GradRule } from '../rule.js';

export const tanhRule: GradRule = {
  opTypes: ['Tanh'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const b = ctx.b;
    const y = ctx.node.outputs[0]!;
    const square = b.op('Mul', [y, y], {}, ctx.name('ySquared'));
    const slope = b.op('Sub', [b.scalarFloat(1), square], {}, ctx.name('slope'));
    ctx.addGrad(0, b.op('Mul', [dY, slope], {}, ctx.name('dX')));
  },
};
