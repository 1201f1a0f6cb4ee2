/**
 * torchvision's VGG-19 (configuration "E") and VGG-19-BN, with torchvision's state_dict names. features: sixteen
 * 3x3 convs (with bias) in five groups of 64, 128, 256, 512, 512 channels, each conv followed by ReLU (conv, BN,
 * ReLU with batch norm), each group by maxpool 2x2/2, numbered as torchvision's nn.Sequential (`features.N`);
 * AdaptiveAvgPool2d(7x7); classifier: Linear 25088 -> 4096, ReLU, Dropout 0.5, Linear 4096 -> 4096, ReLU,
 * Dropout 0.5, Linear -> classes (`classifier.0/3/6`). On small inputs (32x32: a 1x1 map) the adaptive pooling
 * replicates the map to 7x7, as PyTorch does, so the classifier keeps its 25088 inputs.
 */
import type { Model } from '../onnx/types.js';
import { LOGITS_NAME, Net } from './net.js';

const CONFIG_E: (number | 'M')[] = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'];

export function buildVgg19(inputShape: readonly number[], numClasses: number, batchNorm = false): Model {
  const net = new Net(inputShape);
  let x = net.input;
  let index = 0;
  for (const item of CONFIG_E) {
    if (item === 'M') {
      x = net.maxPool(x, `features.${index++}`, 2, 2);
      continue;
    }
    x = net.conv(x, `features.${index++}`, { out: item, kernel: 3, pad: 1 });
    if (batchNorm) x = net.batchNorm(x, `features.${index++}`);
    x = net.relu(x, `features.${index++}`);
  }
  x = net.flatten(net.adaptiveAvgPool(x, 'avgpool', 7), 'flatten');
  x = net.dropout(net.relu(net.linear(x, 'classifier.0', 4096), 'classifier.1'), 'classifier.2', 0.5);
  x = net.dropout(net.relu(net.linear(x, 'classifier.3', 4096), 'classifier.4'), 'classifier.5', 0.5);
  return net.finish(net.linear(x, 'classifier.6', numClasses, LOGITS_NAME), batchNorm ? 'vgg19-bn' : 'vgg19');
}
