/** The model zoo: forward graphs with input `input` [batch, C, H, W] (float32) and output `logits` [batch, classes]. */
import { InputError } from '../../errors.js';
import type { Model } from '../../onnx/types.js';
import { initializeModel } from '../init.js';
import type { InitScheme } from '../types.js';
import { buildEffnetMini } from './effnet-mini.js';
import { buildLenet5 } from './lenet5.js';
import { buildMlp } from './mlp.js';
import { buildResnetMini } from './resnet-mini.js';

export const ZOO_NAMES = ['mlp', 'lenet5', 'resnet-mini', 'effnet-mini'] as const;
export type ZooName = (typeof ZOO_NAMES)[number];

export interface ZooOptions {
  /** [channels, height, width]; default [1, 28, 28] (MNIST). */
  inputShape?: readonly number[];
  /** Default 10. */
  numClasses?: number;
  /** Weight initialization; default kaiming-uniform (PyTorch's default) with seed 0. */
  init?: InitScheme;
  seed?: number;
}

export function isZooName(name: string): name is ZooName {
  return (ZOO_NAMES as readonly string[]).includes(name);
}

export function zooModel(name: string, opts: ZooOptions = {}): Model {
  const inputShape = opts.inputShape ?? [1, 28, 28];
  const numClasses = opts.numClasses ?? 10;
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new InputError(`number of classes must be an integer >= 2, got ${numClasses}`);
  let model: Model;
  switch (name) {
    case 'mlp':
      model = buildMlp(inputShape, numClasses);
      break;
    case 'lenet5':
      model = buildLenet5(inputShape, numClasses);
      break;
    case 'resnet-mini':
      model = buildResnetMini(inputShape, numClasses);
      break;
    case 'effnet-mini':
      model = buildEffnetMini(inputShape, numClasses);
      break;
    default:
      throw new InputError(`unknown model ${name}; the zoo has ${ZOO_NAMES.join(', ')}`);
  }
  return initializeModel(model, opts.init ?? 'kaiming-uniform', opts.seed ?? 0);
}
