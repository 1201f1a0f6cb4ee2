/**
 * HardSwish: Y = X * max(0, min(1, X / 6 + 1/2)). dY/dX = 0 for X < -3, X / 3 + 1/2 for -3 <= X <= 3, 1 above
 * (PyTorch's hardswish_backward).
 */
import type { GradRule } from '../rule.js';

export const hardSwishRule: GradRule = {
  opTypes: ['HardSwish'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b } = ctx;
    const x = ctx.node.inputs[0]!;
    const ramp = b.op('Add', [b.op('Div', [x, b.scalarFloat(3)], {}, ctx.name('third')), b.scalarFloat(0.5)], {}, ctx.name('ramp'));
    const upper = b.op('Where', [b.op('Greater', [x, b.scalarFloat(3)], {}, ctx.name('above')), b.scalarFloat(1), ramp], {}, ctx.name('upper'));
    const slope = b.op('Where', [b.op('Less', [x, b.scalarFloat(-3)], {}, ctx.name('below')), b.scalarFloat(0), upper], {}, ctx.name('slope'));
    ctx.addGrad(0, b.op('Mul', [dY, slope], {}, ctx.name('dX')));
  },
};
