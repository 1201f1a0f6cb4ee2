/** LeakyRelu: Y = X for X > 0, alpha X otherwise (alpha 0.01 by default). dX = dY where X > 0, alpha dY elsewhere. */
import { readFloat } from '../../../graph/attrs.js';
import type { GradRule } from '../rule.js';

export const leakyReluRule: GradRule = {
  opTypes: ['LeakyRelu'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b, node } = ctx;
    const positive = b.op('Greater', [node.inputs[0]!, b.scalarFloat(0)], {}, ctx.name('positive'));
    const leak = b.op('Mul', [dY, b.scalarFloat(readFloat(node, 'alpha', 0.01))], {}, ctx.name('leak'));
    ctx.addGrad(0, b.op('Where', [positive, dY, leak], {}, ctx.name('dX')));
  },
};
