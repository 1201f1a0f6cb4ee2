/**
 * effnet-mini: a small EfficientNet. Stem conv 3x3 stride 2 (16) + BN + SiLU; four MBConv blocks
 * (expansion 4; 16 -> 16, 16 -> 24 stride 2, 24 -> 24, 24 -> 40 stride 2); head 1x1 conv (128) + BN + SiLU,
 * global average pooling, flatten, fc. An MBConv block is
 *   expand: 1x1 conv + bn0 + SiLU   ->   depthwise: 3x3 conv (group = channels) + bn1 + SiLU
 *   -> squeeze-excitation: GAP -> se.reduce 1x1 conv (in/4 channels) -> SiLU -> se.expand 1x1 conv -> Sigmoid
 *      -> Mul with the depthwise branch
 *   -> project: 1x1 conv + bn2 (linear, no activation) -> + input when stride 1 and channels match.
 * SiLU is Mul(x, Sigmoid(x)).
 */
import { LOGITS_NAME, Net } from './net.js';
import type { Model } from '../onnx/types.js';

const EXPANSION = 4;
const BLOCKS = [
  { out: 16, stride: 1 },
  { out: 24, stride: 2 },
  { out: 24, stride: 1 },
  { out: 40, stride: 2 },
];
const HEAD_CHANNELS = 128;

function mbConv(net: Net, x: string, name: string, out: number, stride: number): string {
  const inChannels = net.channels(x);
  const mid = inChannels * EXPANSION;
  let y = net.conv(x, `${name}.expand`, { out: mid, kernel: 1, bias: false });
  y = net.silu(net.batchNorm(y, `${name}.bn0`), `${name}.act0`);
  y = net.conv(y, `${name}.depthwise`, { out: mid, kernel: 3, stride, group: mid, bias: false });
  y = net.silu(net.batchNorm(y, `${name}.bn1`), `${name}.act1`);
  let s = net.globalAvgPool(y, `${name}.se.pool`);
  s = net.silu(net.conv(s, `${name}.se.reduce`, { out: Math.max(1, Math.floor(inChannels / 4)), kernel: 1 }), `${name}.se.act`);
  s = net.sigmoid(net.conv(s, `${name}.se.expand`, { out: mid, kernel: 1 }), `${name}.se.gate`);
  y = net.mul(y, s, `${name}.se.scale`);
  y = net.batchNorm(net.conv(y, `${name}.project`, { out, kernel: 1, bias: false }), `${name}.bn2`);
  return stride === 1 && inChannels === out ? net.add(x, y, `${name}.add`) : y;
}

export function buildEffnetMini(inputShape: readonly number[], numClasses: number): Model {
  const net = new Net(inputShape);
  let x = net.conv(net.input, 'stem', { out: 16, kernel: 3, stride: 2, bias: false });
  x = net.silu(net.batchNorm(x, 'stem_bn'), 'stem_act');
  BLOCKS.forEach((blk, i) => {
    x = mbConv(net, x, `blocks.${i}`, blk.out, blk.stride);
  });
  x = net.silu(net.batchNorm(net.conv(x, 'head', { out: HEAD_CHANNELS, kernel: 1, bias: false }), 'head_bn'), 'head_act');
  x = net.flatten(net.globalAvgPool(x, 'pool'), 'flatten');
  return net.finish(net.linear(x, 'fc', numClasses, LOGITS_NAME), 'effnet-mini');
}
