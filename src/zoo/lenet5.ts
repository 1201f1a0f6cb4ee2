/**
 * lenet5 (the Caffe/PyTorch "LeNet-5" variant): conv1 20@5x5 -> ReLU -> maxpool 2 -> conv2 50@5x5 -> ReLU ->
 * maxpool 2 -> flatten -> fc1 500 -> ReLU -> fc2 (classes). fc1's input size follows from the input shape
 * (800 for 1x28x28, 1250 for 3x32x32).
 */
import { LOGITS_NAME, Net } from './net.js';
import type { Model } from '../onnx/types.js';

export function buildLenet5(inputShape: readonly number[], numClasses: number): Model {
  const net = new Net(inputShape);
  let x = net.conv(net.input, 'conv1', { out: 20, kernel: 5, pad: 0 });
  x = net.maxPool(net.relu(x, 'relu1'), 'pool1', 2);
  x = net.conv(x, 'conv2', { out: 50, kernel: 5, pad: 0 });
  x = net.maxPool(net.relu(x, 'relu2'), 'pool2', 2);
  x = net.flatten(x, 'flatten');
  x = net.relu(net.linear(x, 'fc1', 500), 'relu3');
  return net.finish(net.linear(x, 'fc2', numClasses, LOGITS_NAME), 'lenet5');
}
