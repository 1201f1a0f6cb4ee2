/**
 * HardSigmoid: Y = max(0, min(1, alpha X + beta)) (alpha 0.2, beta 0.5 by default; PyTorch exports alpha 1/6).
 * dX = dY * alpha where 0 < alpha X + beta < 1, else 0.
 */
import { readFloat } from '../../../graph/attrs.js';
import type { GradRule } from '../rule.js';

export const hardSigmoidRule: GradRule = {
  opTypes: ['HardSigmoid'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b, node } = ctx;
    const alpha = readFloat(node, 'alpha', 0.2), beta = readFloat(node, 'beta', 0.5);
    const t = b.op('Add', [b.op('Mul', [node.inputs[0]!, b.scalarFloat(alpha)], {}, ctx.name('ax')), b.scalarFloat(beta)], {}, ctx.name('t'));
    const inside = b.op('And', [b.op('Greater', [t, b.scalarFloat(0)], {}, ctx.name('pos')), b.op('Less', [t, b.scalarFloat(1)], {}, ctx.name('lt1'))], {}, ctx.name('inside'));
    const scaled = b.op('Mul', [dY, b.scalarFloat(alpha)], {}, ctx.name('scaled'));
    ctx.addGrad(0, b.op('Where', [inside, scaled, b.scalarFloat(0)], {}, ctx.name('dX')));
  },
};
