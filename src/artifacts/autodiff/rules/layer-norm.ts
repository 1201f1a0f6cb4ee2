/**
 * LayerNormalization (opset 17) over the axes from `axis` (default -1) on:
 *   xhat = (X - mean) * invstd, Y = xhat * Scale + B.
 * The lowering keeps ONNX's own kernel and asks it for its optional Mean and InvStdDev outputs (shape X's with
 * the normalized axes 1), from which xhat is rebuilt for the backward pass:
 *   dB = dY summed to B's shape, dScale = dY * xhat summed to Scale's shape, dxhat = dY * Scale,
 *   dX = invstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))   (means over the normalized axes).
 */
import { readInt } from '../../../graph/attrs.js';
import { reduce } from '../../../graph/ops.js';
import type { GradRule } from '../rule.js';
import { normalizeAxis } from '../static-ints.js';
import { sumToShape } from '../sum-to-shape.js';

export const layerNormRule: GradRule = {
  opTypes: ['LayerNormalization'],
  lower(ctx) {
    const { b, node } = ctx;
    if (ctx.mode === 'eval') return b.copyNode(node);
    const [y, meanOut, invOut] = node.outputs;
    const outputs = [y!, meanOut || { fresh: ctx.name('mean') }, invOut || { fresh: ctx.name('invstd') }];
    const [, mean, invstd] = b.node('LayerNormalization', node.inputs, node.attributes, { name: node.name, outputs });
    ctx.save('mean', mean!);
    ctx.save('invstd', invstd!);
  },
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined) return;
    const { b, node } = ctx;
    const [x, scale, bias] = node.inputs as [string, string, string | undefined];
    const xShape = ctx.shape(x);
    const rank = xShape.length;
    const axis = normalizeAxis(readInt(node, 'axis', -1), rank);
    const normAxes = Array.from({ length: rank - axis }, (_, i) => axis + i);
    const invstd = ctx.saved('invstd');
    const xhat = b.op('Mul', [b.op('Sub', [x, ctx.saved('mean')], {}, ctx.name('centered')), invstd], {}, ctx.name('xhat'));
    if (bias && ctx.needsGrad(2)) ctx.addGrad(2, sumToShape(b, dY, xShape, ctx.shape(bias), bias, ctx.name('dB')));
    if (ctx.needsGrad(1)) {
      const prod = b.op('Mul', [dY, xhat], {}, ctx.name('dScale.mul'));
      ctx.addGrad(1, sumToShape(b, prod, xShape, ctx.shape(scale), scale, ctx.name('dScale')));
    }
    if (ctx.needsGrad(0)) {
      const dxhat = b.op('Mul', [dY, scale], {}, ctx.name('dxhat'));
      const meanD = reduce(b, 'ReduceMean', dxhat, normAxes, true, ctx.name('dxhat.mean'));
      const meanDX = reduce(b, 'ReduceMean', b.op('Mul', [dxhat, xhat], {}, ctx.name('dxhat.xhat')), normAxes, true, ctx.name('dxhat.xhat.mean'));
      const inner = b.op('Sub', [b.op('Sub', [dxhat, meanD], {}, ctx.name('dxhat.centered')), b.op('Mul', [xhat, meanDX], {}, ctx.name('proj'))], {}, ctx.name('inner'));
      ctx.addGrad(0, b.op('Mul', [inner, invstd], {}, ctx.name('dX')));
    }
  },
};
