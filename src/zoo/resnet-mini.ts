/**
 * resnet-mini: a small CIFAR-style ResNet. Stem conv1 3x3 (16) + bn1 + ReLU; three stages of one BasicBlock each
 * (16, 32 stride 2, 64 stride 2). A BasicBlock is conv 3x3 + BN + ReLU, conv 3x3 + BN, plus the skip connection
 * (identity, or a 1x1 strided projection conv + BN named `downsample.0`/`downsample.1` when the shape changes),
 * then ReLU. Global average pooling, flatten, fc. Convs before a BN have no bias (as in torchvision).
 */
import { LOGITS_NAME, Net } from './net.js';
import type { Model } from '../onnx/types.js';

const STAGES = [
  { channels: 16, stride: 1 },
  { channels: 32, stride: 2 },
  { channels: 64, stride: 2 },
];

function basicBlock(net: Net, x: string, name: string, channels: number, stride: number): string {
  let y = net.conv(x, `${name}.conv1`, { out: channels, kernel: 3, stride, bias: false });
  y = net.relu(net.batchNorm(y, `${name}.bn1`), `${name}.relu1`);
  y = net.conv(y, `${name}.conv2`, { out: channels, kernel: 3, bias: false });
  y = net.batchNorm(y, `${name}.bn2`);
  let skip = x;
  if (stride !== 1 || net.channels(x) !== channels) {
    skip = net.conv(x, `${name}.downsample.0`, { out: channels, kernel: 1, stride, bias: false });
    skip = net.batchNorm(skip, `${name}.downsample.1`);
  }
  return net.relu(net.add(y, skip, `${name}.add`), `${name}.relu2`);
}

export function buildResnetMini(inputShape: readonly number[], numClasses: number): Model {
  const net = new Net(inputShape);
  let x = net.conv(net.input, 'conv1', { out: 16, kernel: 3, bias: false });
  x = net.relu(net.batchNorm(x, 'bn1'), 'relu');
  STAGES.forEach((s, i) => {
    x = basicBlock(net, x, `layer${i + 1}.0`, s.channels, s.stride);
  });
  x = net.flatten(net.globalAvgPool(x, 'avgpool'), 'flatten');
  return net.finish(net.linear(x, 'fc', numClasses, LOGITS_NAME), 'resnet-mini');
}
