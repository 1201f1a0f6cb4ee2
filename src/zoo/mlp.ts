/** mlp: flatten -> fc1 (hidden, default 256) -> ReLU -> fc2 (classes). */
import { LOGITS_NAME, Net } from './net.js';
import type { Model } from '../onnx/types.js';

export function buildMlp(inputShape: readonly number[], numClasses: number, hidden = 256): Model {
  const net = new Net(inputShape);
  let x = net.flatten(net.input, 'flatten');
  x = net.relu(net.linear(x, 'fc1', hidden), 'relu1');
  return net.finish(net.linear(x, 'fc2', numClasses, LOGITS_NAME), 'mlp');
}
