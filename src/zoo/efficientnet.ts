/**
 * torchvision's EfficientNet-B0 and -B4 (width 1.0 / 1.4, depth 1.0 / 1.8, dropout 0.2 / 0.4), with
 * torchvision's state_dict names. Base stages (expand, kernel, stride, in, out, layers): (1,3,1,32,16,1)
 * (6,3,2,16,24,2) (6,5,2,24,40,2) (6,3,2,40,80,3) (6,5,1,80,112,3) (6,5,2,112,192,4) (6,3,1,192,320,1); channels
 * scaled by the width and rounded to a multiple of 8 (never down by more than 10%), layers by ceil(depth * n).
 * features.0: conv 3x3/2 + BN + SiLU; features.1-7: MBConv blocks (`features.S.I.block`): [expand 1x1 + BN +
 * SiLU], depthwise k x k + BN + SiLU, squeeze-excitation (GAP, fc1 1x1 conv to max(1, in / 4), SiLU, fc2 1x1
 * conv, Sigmoid, scale), project 1x1 + BN, + input when stride 1 and channels match; features.8: conv 1x1 (4x)
 * + BN + SiLU; global average pooling; classifier: Dropout, Linear (`classifier.1`). SiLU is Mul(x, Sigmoid(x)).
 * Stochastic depth (a random per-sample skip in torchvision's training mode) is left out: blocks always run.
 */
import type { Model } from '../onnx/types.js';
import { LOGITS_NAME, Net } from './net.js';

const STAGES = [
  [1, 3, 1, 32, 16, 1], [6, 3, 2, 16, 24, 2], [6, 5, 2, 24, 40, 2], [6, 3, 2, 40, 80, 3], [6, 5, 1, 80, 112, 3],
  [6, 5, 2, 112, 192, 4], [6, 3, 1, 192, 320, 1],
] as const;

export const EFFICIENTNET_VARIANTS = {
  'efficientnet-b0': { width: 1.0, depth: 1.0, dropout: 0.2 },
  'efficientnet-b4': { width: 1.4, depth: 1.8, dropout: 0.4 },
} as const;

/** torchvision's _make_divisible(v, 8). */
export function makeDivisible(v: number, divisor = 8): number {
  let rounded = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * v) rounded += divisor;
  return rounded;
}

function convBnSilu(net: Net, x: string, name: string, out: number, kernel: number, stride = 1, group = 1, act = true): string {
  const y = net.batchNorm(net.conv(x, `${name}.0`, { out, kernel, stride, group, bias: false }), `${name}.1`);
  return act ? net.silu(y, `${name}.2`) : y;
}

function mbConv(net: Net, x: string, name: string, expand: number, kernel: number, stride: number, out: number): string {
  const inChannels = net.channels(x);
  const hidden = makeDivisible(inChannels * expand);
  let y = x;
  let k = 0;
  if (hidden !== inChannels) y = convBnSilu(net, y, `${name}.block.${k++}`, hidden, 1);
  y = convBnSilu(net, y, `${name}.block.${k++}`, hidden, kernel, stride, hidden);
  const se = `${name}.block.${k++}`;
  let s = net.globalAvgPool(y, `${se}.avgpool`);
  s = net.silu(net.conv(s, `${se}.fc1`, { out: Math.max(1, Math.floor(inChannels / 4)), kernel: 1 }), `${se}.activation`);
  s = net.sigmoid(net.conv(s, `${se}.fc2`, { out: hidden, kernel: 1 }), `${se}.scale_activation`);
  y = net.mul(y, s, `${se}.scale`);
  y = convBnSilu(net, y, `${name}.block.${k}`, out, 1, 1, 1, false);
  return stride === 1 && inChannels === out ? net.add(x, y, `${name}.add`) : y;
}

export function buildEfficientnet(variant: keyof typeof EFFICIENTNET_VARIANTS, inputShape: readonly number[], numClasses: number): Model {
  const { width, depth, dropout } = EFFICIENTNET_VARIANTS[variant];
  const net = new Net(inputShape);
  let x = convBnSilu(net, net.input, 'features.0', makeDivisible(STAGES[0][3] * width), 3, 2);
  STAGES.forEach(([expand, kernel, stride, , out, layers], s) => {
    const n = Math.ceil(layers * depth);
    for (let i = 0; i < n; i++) x = mbConv(net, x, `features.${s + 1}.${i}`, expand, kernel, i === 0 ? stride : 1, makeDivisible(out * width));
  });
  x = convBnSilu(net, x, `features.${STAGES.length + 1}`, 4 * makeDivisible(STAGES[6][4] * width), 1);
  x = net.flatten(net.globalAvgPool(x, 'avgpool'), 'flatten');
  x = net.dropout(x, 'classifier.0', dropout);
  return net.finish(net.linear(x, 'classifier.1', numClasses, LOGITS_NAME), variant);
}
