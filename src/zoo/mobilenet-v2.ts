/**
 * torchvision's MobileNetV2 (width 1.0), with torchvision's state_dict names. features.0: conv 3x3/2 (32) + BN +
 * ReLU6; inverted residual blocks (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1)
 * (6,160,3,2) (6,320,1,1); features.18: conv 1x1 (1280) + BN + ReLU6; global average pooling; classifier:
 * Dropout 0.2, Linear (`classifier.1`). A block (`features.N.conv`) is [expand 1x1 + BN + ReLU6 when t > 1],
 * depthwise 3x3 (stride s on the first of the n) + BN + ReLU6, project 1x1 + BN (no activation), + input when
 * stride 1 and channels match. ReLU6 is Clip(0, 6).
 */
import type { Model } from '../onnx/types.js';
import { LOGITS_NAME, Net } from './net.js';

const SETTINGS = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
] as const;

function convBnRelu6(net: Net, x: string, name: string, out: number, kernel: number, stride = 1, group = 1): string {
  const y = net.batchNorm(net.conv(x, `${name}.0`, { out, kernel, stride, group, bias: false }), `${name}.1`);
  return net.relu6(y, `${name}.2`);
}

function invertedResidual(net: Net, x: string, name: string, out: number, stride: number, expand: number): string {
  const inChannels = net.channels(x);
  const hidden = Math.round(inChannels * expand);
  let y = x;
  let k = 0;
  if (expand !== 1) y = convBnRelu6(net, y, `${name}.conv.${k++}`, hidden, 1);
  y = convBnRelu6(net, y, `${name}.conv.${k++}`, hidden, 3, stride, hidden);
  y = net.conv(y, `${name}.conv.${k++}`, { out, kernel: 1, bias: false });
  y = net.batchNorm(y, `${name}.conv.${k}`);
  return stride === 1 && inChannels === out ? net.add(x, y, `${name}.add`) : y;
}

export function buildMobilenetV2(inputShape: readonly number[], numClasses: number): Model {
  const net = new Net(inputShape);
  let x = convBnRelu6(net, net.input, 'features.0', 32, 3, 2);
  let index = 1;
  for (const [t, c, n, s] of SETTINGS) {
    for (let i = 0; i < n; i++) x = invertedResidual(net, x, `features.${index++}`, c, i === 0 ? s : 1, t);
  }
  x = convBnRelu6(net, x, `features.${index}`, 1280, 1);
  x = net.flatten(net.globalAvgPool(x, 'pool'), 'flatten');
  x = net.dropout(x, 'classifier.0', 0.2);
  return net.finish(net.linear(x, 'classifier.1', numClasses, LOGITS_NAME), 'mobilenet-v2');
}
