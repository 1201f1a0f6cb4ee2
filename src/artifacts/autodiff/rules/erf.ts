/** Erf (PyTorch's exact GELU is X/2 (1 + erf(X / sqrt 2))): dX = dY * 2 / sqrt(pi) * e^(-X^2). */
import type { GradRule } from '../rule.js';

export const erfRule: GradRule = {
  opTypes: ['Erf'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b } = ctx;
    const x = ctx.node.inputs[0]!;
    const negSq = b.op('Neg', [b.op('Mul', [x, x], {}, ctx.name('sq'))], {}, ctx.name('negSq'));
    const slope = b.op('Mul', [b.op('Exp', [negSq], {}, ctx.name('gauss')), b.scalarFloat(2 / Math.sqrt(Math.PI))], {}, ctx.name('slope'));
    ctx.addGrad(0, b.op('Mul', [dY, slope], {}, ctx.name('dX')));
  },
};
