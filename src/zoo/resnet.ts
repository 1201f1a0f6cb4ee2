/**
 * torchvision's ResNet-18 and ResNet-50 (v1.5: the stride sits on the 3x3 conv of a Bottleneck), with
 * torchvision's state_dict names. Stem conv1 7x7/2 (64, no bias) + bn1 + ReLU + maxpool 3x3/2 pad 1; layer1..4
 * with 64, 128, 256, 512 planes (layers 2-4 start with stride 2); a block's skip is a 1x1 strided conv + BN
 * (`downsample.0`/`.1`) when the shape changes; global average pooling, flatten, fc.
 *   BasicBlock (resnet18, [2, 2, 2, 2]): conv1 3x3 + bn1 + ReLU, conv2 3x3 + bn2, + skip, ReLU.
 *   Bottleneck (resnet50, [3, 4, 6, 3]): conv1 1x1 + bn1 + ReLU, conv2 3x3 + bn2 + ReLU, conv3 1x1 (4x planes) +
 *   bn3, + skip, ReLU.
 */
import type { Model } from '../onnx/types.js';
import { LOGITS_NAME, Net } from './net.js';

type Kind = 'basic' | 'bottleneck';

function block(net: Net, x: string, name: string, kind: Kind, planes: number, stride: number): string {
  const out = kind === 'basic' ? planes : planes * 4;
  let y: string;
  if (kind === 'basic') {
    y = net.relu(net.batchNorm(net.conv(x, `${name}.conv1`, { out: planes, kernel: 3, stride, bias: false }), `${name}.bn1`), `${name}.relu1`);
    y = net.batchNorm(net.conv(y, `${name}.conv2`, { out: planes, kernel: 3, bias: false }), `${name}.bn2`);
  } else {
    y = net.relu(net.batchNorm(net.conv(x, `${name}.conv1`, { out: planes, kernel: 1, bias: false }), `${name}.bn1`), `${name}.relu1`);
    y = net.relu(net.batchNorm(net.conv(y, `${name}.conv2`, { out: planes, kernel: 3, stride, bias: false }), `${name}.bn2`), `${name}.relu2`);
    y = net.batchNorm(net.conv(y, `${name}.conv3`, { out, kernel: 1, bias: false }), `${name}.bn3`);
  }
  let skip = x;
  if (stride !== 1 || net.channels(x) !== out) {
    skip = net.batchNorm(net.conv(x, `${name}.downsample.0`, { out, kernel: 1, stride, bias: false }), `${name}.downsample.1`);
  }
  return net.relu(net.add(y, skip, `${name}.add`), `${name}.relu`);
}

function buildResnet(modelName: string, kind: Kind, depths: number[], inputShape: readonly number[], numClasses: number): Model {
  const net = new Net(inputShape);
  let x = net.conv(net.input, 'conv1', { out: 64, kernel: 7, stride: 2, bias: false });
  x = net.maxPoolPadded(net.relu(net.batchNorm(x, 'bn1'), 'relu'), 'maxpool', 3, 2, 1);
  depths.forEach((n, stage) => {
    for (let i = 0; i < n; i++) {
      x = block(net, x, `layer${stage + 1}.${i}`, kind, 64 * 2 ** stage, i === 0 && stage > 0 ? 2 : 1);
    }
  });
  x = net.flatten(net.globalAvgPool(x, 'avgpool'), 'flatten');
  return net.finish(net.linear(x, 'fc', numClasses, LOGITS_NAME), modelName);
}

export function buildResnet18(inputShape: readonly number[], numClasses: number): Model {
  return buildResnet('resnet18', 'basic', [2, 2, 2, 2], inputShape, numClasses);
}

export function buildResnet50(inputShape: readonly number[], numClasses: number): Model {
  return buildResnet('resnet50', 'bottleneck', [3, 4, 6, 3], inputShape, numClasses);
}
