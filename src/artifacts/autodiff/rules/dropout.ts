/**
 * Dropout. Training mode: Y = X * mask / (1 - ratio) with a fresh Bernoulli mask per step from onnxruntime's
 * seeded generator (the node's own `seed` attribute, or one derived from its name, so runs are reproducible);
 * dX = dY * mask / (1 - ratio). Eval mode: the identity (the mask output, if used, is all true).
 * The ratio (default 0.5) is the node's ratio input or, before opset 12, its attribute.
 */
import { DataType, type Node } from '../../../onnx/types.js';
import { intAttr, readFloat } from '../../../graph/attrs.js';
import type { GradRule, LowerContext } from '../rule.js';

/** A stable 31-bit seed from the node name (FNV-1a). */
export function dropoutSeed(node: Node): number {
  const own = node.attributes['seed'];
  if (own?.type === 'int') return own.value;
  let h = 0x811c9dc5;
  for (const ch of node.name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

function ratioTensor(ctx: LowerContext): string {
  const { b, node } = ctx;
  return node.inputs[1] || b.scalarFloat(readFloat(node, 'ratio', 0.5));
}

function trueScalar(ctx: LowerContext): string {
  return ctx.b.op('Cast', [ctx.b.constInt64([1], [])], { to: intAttr(DataType.BOOL) }, ctx.name('trainingMode'));
}

export const dropoutRule: GradRule = {
  opTypes: ['Dropout'],
  differentiableInputs: () => [0],
  lower(ctx) {
    const { b, node } = ctx;
    const [y, maskOut] = node.outputs;
    if (ctx.mode === 'eval') {
      b.node('Identity', [node.inputs[0]!], {}, { name: node.name, outputs: [y!] });
      if (maskOut) {
        const shape = b.op('Shape', [node.inputs[0]!], {}, ctx.name('shape'));
        const one = { type: 'tensor' as const, value: { name: 'one', dataType: DataType.BOOL, dims: [1], data: Uint8Array.of(1) } };
        b.node('ConstantOfShape', [shape], { value: one }, { name: ctx.name('mask'), outputs: [maskOut] });
      }
      return;
    }
    const ratio = ratioTensor(ctx);
    const [, mask] = b.node('Dropout', [node.inputs[0]!, ratio, trueScalar(ctx)], { seed: intAttr(dropoutSeed(node)) }, {
      name: node.name,
      outputs: [y!, maskOut || { fresh: ctx.name('mask') }],
    });
    ctx.save('mask', mask!);
    ctx.save('ratio', ratio);
  },
  backward(ctx) {
    const dY = ctx.gradOut();
    if (dY === undefined || !ctx.needsGrad(0)) return;
    const { b } = ctx;
    const keep = b.op('Sub', [b.scalarFloat(1), ctx.saved('ratio')], {}, ctx.name('keep'));
    const mask = b.op('Cast', [ctx.saved('mask')], { to: intAttr(DataType.FLOAT) }, ctx.name('maskFloat'));
    ctx.addGrad(0, b.op('Div', [b.op('Mul', [dY, mask], {}, ctx.name('masked')), keep], {}, ctx.name('dX')));
  },
};
