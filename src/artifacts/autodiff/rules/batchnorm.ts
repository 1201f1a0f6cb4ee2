/**
 * BatchNormalization. Training mode (batch statistics over all axes but the channel axis 1, n values each):
 *   mean = E[X], C = X - mean, var = sum(C^2) / n (biased), invstd = 1 / sqrt(var + eps), g = scale * invstd,
 *   Y = C * g + B;
 *   running_mean' = running_mean * momentum + mean * (1 - momentum)
 *   running_var'  = running_var * momentum + var * n / (n - 1) * (1 - momentum)   (PyTorch's unbiased estimate;
 *   ONNX `momentum` 0.9 is PyTorch's momentum 0.1).
 * Backward, with xhat = C * invstd (never formed: each use folds invstd into a per-channel factor):
 *   dB = sum dY, dscale = sum dY * xhat = invstd * sum(dY * C),
 *   dX = g * dY - (g / n) * (xhat * dscale + dB) = g * dY + C * (-(g / n) * invstd * dscale) - (g / n) * dB.
 * Full-size passes: forward ReduceMean, Sub, ReduceSumSquare, Mul, Add; backward two ReduceSums, the product they
 * share, two products and two sums.
 * Eval mode: the standard inference BatchNormalization with the running statistics.
 */
import { InputError } from '../../../errors.js';
import { DataType, type Node } from '../../../onnx/types.js';
import { intAttr, readFloat } from '../../../graph/attrs.js';
import { reduce, reshape } from '../../../graph/ops.js';
import type { GradRule, LowerContext } from '../rule.js';

function statAxes(rank: number): number[] {
  return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];
}

/** The inference form: one output, no training_mode. */
function evalNode(node: Node): Node {
  const { training_mode: _ignored, ...attributes } = node.attributes;
  return { ...node, outputs: [node.outputs[0]!], attributes };
}

function lowerTraining(ctx: LowerContext): void {
  const { b, node } = ctx;
  const [x, scale, bias, runningMean, runningVar] = node.inputs as [string, string, string, string, string];
  const rank = ctx.shape(x).length;
  const channels = ctx.shape(scale)[0];
  if (typeof channels !== 'number') throw new InputError(`node ${node.name}: BatchNormalization scale has no static size`);
  const eps = readFloat(node, 'epsilon', 1e-5);
  const momentum = readFloat(node, 'momentum', 0.9);
  const axes = statAxes(rank);
  const broadcast = [1, channels, ...new Array<number>(rank - 2).fill(1)];

  const size = b.op('Cast', [b.op('Size', [x], {}, ctx.name('size'))], { to: intAttr(DataType.FLOAT) }, ctx.name('sizeFloat'));
  const n = b.op('Div', [size, b.scalarFloat(channels)], {}, ctx.name('n'));
  const mean = reduce(b, 'ReduceMean', x, axes, true, ctx.name('mean'));
  const centered = b.op('Sub', [x, mean], {}, ctx.name('centered'));
  const variance = b.op('Div', [reduce(b, 'ReduceSumSquare', centered, axes, true, ctx.name('sumSquares')), n], {}, ctx.name('var'));
  const std = b.op('Sqrt', [b.op('Add', [variance, b.scalarFloat(eps)], {}, ctx.name('varEps'))], {}, ctx.name('std'));
  const invstd = b.op('Reciprocal', [std], {}, ctx.name('invstd'));
  const g = b.op('Mul', [reshape(b, scale, broadcast, ctx.name('scale')), invstd], {}, ctx.name('g'));
  const scaled = b.op('Mul', [centered, g], {}, ctx.name('scaled'));
  b.node('Add', [scaled, reshape(b, bias, broadcast, ctx.name('bias'))], {}, { name: node.name, outputs: [node.outputs[0]!] });
  ctx.save('centered', centered);
  ctx.save('invstd', invstd);
  ctx.save('g', g);
  ctx.save('n', n);

  const bessel = b.op('Div', [n, b.op('Sub', [n, b.scalarFloat(1)], {}, ctx.name('nMinus1'))], {}, ctx.name('bessel'));
  const unbiased = b.op('Mul', [reshape(b, variance, [channels], ctx.name('varFlat')), bessel], {}, ctx.name('unbiasedVar'));
  const blend = (running: string, batch: string, what: string, outName: string | undefined): string => {
    const kept = b.op('Mul', [running, b.scalarFloat(momentum)], {}, ctx.name(`${what}.kept`));
    const added = b.op('Mul', [batch, b.scalarFloat(1 - momentum)], {}, ctx.name(`${what}.added`));
    return b.node('Add', [kept, added], {}, { name: ctx.name(what), outputs: outName ? [outName] : 1 })[0]!;
  };
  const [, meanOut, varOut] = node.outputs;
  ctx.updateBuffer(runningMean, blend(runningMean, reshape(b, mean, [channels], ctx.name('meanFlat')), 'runningMean', meanOut || undefined));
  ctx.updateBuffer(runningVar, blend(runningVar, unbiased, 'runningVar', varOut || undefined));
}

export const batchNormRule: GradRule = {
  opTypes: ['BatchNormalization'],
  differentiableInputs: () => [0, 1, 2],
  lower(ctx) {
    if (ctx.mode === 'eval') ctx.b.copyNode(evalNode(ctx.node));
    else lowerTraining(ctx);
  },
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const b = ctx.b;
    const rank = ctx.shape(ctx.node.inputs[0]!).length;
    const axes = statAxes(rank);
    const centered = ctx.saved('centered');
    const invstd = ctx.saved('invstd');
    const channels = ctx.shape(ctx.node.inputs[1]!)[0] as number;
    // Per-channel sums of dY and dY * C, kept [1, C, 1...] for dX and flattened for dB and dscale.
    const sumDY = reduce(b, 'ReduceSum', dY, axes, true, ctx.name('dY.sum'));
    const sumDYC = reduce(b, 'ReduceSum', b.op('Mul', [dY, centered], {}, ctx.name('dY.centered')), axes, true, ctx.name('dY.centered.sum'));
    const dscale = b.op('Mul', [sumDYC, invstd], {}, ctx.name('dScale.kept'));
    if (ctx.needsGrad(2)) ctx.addGrad(2, reshape(b, sumDY, [channels], ctx.name('dB')));
    if (ctx.needsGrad(1)) ctx.addGrad(1, reshape(b, dscale, [channels], ctx.name('dScale')));
    if (ctx.needsGrad(0)) {
      const g = ctx.saved('g');
      const minusGOverN = b.op('Neg', [b.op('Div', [g, ctx.saved('n')], {}, ctx.name('gOverN'))], {}, ctx.name('minusGOverN'));
      const centeredCoef = b.op('Mul', [b.op('Mul', [dscale, invstd], {}, ctx.name('dScale.invstd')), minusGOverN], {}, ctx.name('centeredCoef'));
      const offset = b.op('Mul', [sumDY, minusGOverN], {}, ctx.name('offset'));
      const scaled = b.op('Mul', [dY, g], {}, ctx.name('dY.scaled'));
      const projected = b.op('Mul', [centered, centeredCoef], {}, ctx.name('proj'));
      ctx.addGrad(0, b.op('Add', [b.op('Add', [scaled, projected], {}, ctx.name('dX.sum')), offset], {}, ctx.name('dX')));
    }
  },
};
