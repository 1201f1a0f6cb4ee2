/**
 * Pow (broadcasting): Y = A^B. dA = dY B A^(B-1) summed to A's shape; dB = dY Y ln(A) summed to B's shape
 * (defined for A > 0; the exponent is usually a constant such as 2 or 0.5 and needs no gradient).
 */
import { DataType } from '../../../onnx/types.js';
import { intAttr } from '../../../graph/attrs.js';
import type { GradRule } from '../rule.js';
import { sumToShape } from '../sum-to-shape.js';

export const powRule: GradRule = {
  opTypes: ['Pow'],
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const { b, node } = ctx;
    const [a, e] = node.inputs as [string, string];
    const yShape = ctx.shape(node.outputs[0]!);
    if (ctx.needsGrad(0)) {
      const eFloat = b.op('Cast', [e], { to: intAttr(DataType.FLOAT) }, ctx.name('expFloat'));
      const lower = b.op('Pow', [a, b.op('Sub', [eFloat, b.scalarFloat(1)], {}, ctx.name('expMinus1'))], {}, ctx.name('powMinus1'));
      const slope = b.op('Mul', [eFloat, lower], {}, ctx.name('slope'));
      const prod = b.op('Mul', [dY, slope], {}, ctx.name('dA.mul'));
      ctx.addGrad(0, sumToShape(b, prod, yShape, ctx.shape(a), a, ctx.name('dA')));
    }
    if (ctx.needsGrad(1)) {
      const prod = b.op('Mul', [b.op('Mul', [dY, node.outputs[0]!], {}, ctx.name('dYY')), b.op('Log', [a], {}, ctx.name('lnA'))], {}, ctx.name('dB.mul'));
      ctx.addGrad(1, sumToShape(b, prod, yShape, ctx.shape(e), e, ctx.name('dB')));
    }
  },
};
