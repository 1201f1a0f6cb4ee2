/**
 * Clip (ReLU6 is Clip(x, 0, 6)): Y = min(max(X, lo), hi). dX = dY where lo < X < hi, else 0 (PyTorch's
 * hardtanh/relu6 backward, 0 at the bounds). lo/hi come as inputs (opset >= 11) or attributes; they get no gradient.
 */
import { readFloat } from '../../../graph/attrs.js';
import { inputZeroRule } from '../input-zero-rule.js';

export const clipRule = inputZeroRule(['Clip'], (ctx, dY) => {
  const { b, node } = ctx;
  const x = node.inputs[0]!;
  const bound = (slot: number, attr: string): string | undefined => {
    if (node.inputs[slot]) return node.inputs[slot];
    return node.attributes[attr] === undefined ? undefined : b.scalarFloat(readFloat(node, attr, 0));
  };
  const lo = bound(1, 'min'), hi = bound(2, 'max');
  const masks: string[] = [];
  if (lo !== undefined) masks.push(b.op('Greater', [x, lo], {}, ctx.name('aboveMin')));
  if (hi !== undefined) masks.push(b.op('Less', [x, hi], {}, ctx.name('belowMax')));
  if (masks.length === 0) return dY;
  const mask = masks.length === 1 ? masks[0]! : b.op('And', masks, {}, ctx.name('inside'));
  return b.op('Where', [mask, dY, b.scalarFloat(0)], {}, ctx.name('dX'));
});
