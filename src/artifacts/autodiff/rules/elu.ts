/** Elu: Y = X for X > 0, alpha (e^X - 1) otherwise. dX = dY where X > 0, dY (Y + alpha) elsewhere. */
import { readFloat } from '../../../graph/attrs.js';
import type { GradRule } from '../rule.js';

export const eluRule: GradRule = {
  opTypes: ['Elu'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b, node } = ctx;
    const positive = b.op('Greater', [node.inputs[0]!, b.scalarFloat(0)], {}, ctx.name('positive'));
    const slope = b.op('Add', [node.outputs[0]!, b.scalarFloat(readFloat(node, 'alpha', 1))], {}, ctx.name('slope'));
    const scaled = b.op('Mul', [dY, slope], {}, ctx.name('scaled'));
    ctx.addGrad(0, b.op('Where', [positive, dY, scaled], {}, ctx.name('dX')));
  },
};
