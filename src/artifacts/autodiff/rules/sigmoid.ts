/** Sigmoid: Y = 1 / (1 + e^-X). dX = dY * Y * (1 - Y). */
import type { GradRule } from '../rule.js';

export const sigmoidRule: GradRule = {
  opTypes: ['Sigmoid'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const b = ctx.b;
    const y = ctx.node.outputs[0]!;
    const oneMinus = b.op('Sub', [b.scalarFloat(1), y], {}, ctx.name('oneMinusY'));
    const slope = b.op('Mul', [y, oneMinus], {}, ctx.name('slope'));
    ctx.addGrad(0, b.op('Mul', [dY, slope], {}, ctx.name('dX')));
  },
};
