/**
 * The model zoo: forward graphs with input `input` [batch, C, H, W] (float32) and output `logits` [batch, classes].
 * Small models (mlp, lenet5, resnet-mini, effnet-mini) start from `--init` (kaiming-uniform by default); the
 * full-size torchvision models (resnet18, resnet50, vgg19, vgg19-bn, mobilenet-v2, efficientnet-b0,
 * efficientnet-b4) have torchvision's topology and state_dict names and start from torchvision's initialization
 * (torchvision-init.ts) unless an init scheme is given.
 */
import { InputError } from '../errors.js';
import type { Model } from '../onnx/types.js';
import { initializeModel } from './init.js';
import type { InitScheme } from './init.js';
import { buildEffnetMini } from './effnet-mini.js';
import { buildEfficientnet } from './efficientnet.js';
import { buildLenet5 } from './lenet5.js';
import { buildMlp } from './mlp.js';
import { buildMobilenetV2 } from './mobilenet-v2.js';
import { buildResnetMini } from './resnet-mini.js';
import { buildResnet18, buildResnet50 } from './resnet.js';
import { torchvisionInit, type LinearInit } from './torchvision-init.js';
import { buildVgg19 } from './vgg.js';
import { ZOO_NAMES, type SmallModelName, type TorchvisionModelName } from './names.js';

export { ZOO_NAMES } from './names.js';

type Builder = (inputShape: readonly number[], numClasses: number) => Model;
interface TorchvisionEntry {
  build: Builder;
  linear: LinearInit;
}

const SMALL: Record<string, Builder> = {
  mlp: buildMlp,
  lenet5: buildLenet5,
  'resnet-mini': buildResnetMini,
  'effnet-mini': buildEffnetMini,
} satisfies Record<SmallModelName, Builder>;

/** Full-size torchvision models: builder, their classifier's init, and the input shape they were designed for. */
export const TORCHVISION_MODELS: Record<string, TorchvisionEntry> = {
  resnet18: { build: buildResnet18, linear: 'pytorch-default' },
  resnet50: { build: buildResnet50, linear: 'pytorch-default' },
  vgg19: { build: (s, c) => buildVgg19(s, c, false), linear: 'normal-0.01' },
  'vgg19-bn': { build: (s, c) => buildVgg19(s, c, true), linear: 'normal-0.01' },
  'mobilenet-v2': { build: buildMobilenetV2, linear: 'normal-0.01' },
  'efficientnet-b0': { build: (s, c) => buildEfficientnet('efficientnet-b0', s, c), linear: 'uniform-out' },
  'efficientnet-b4': { build: (s, c) => buildEfficientnet('efficientnet-b4', s, c), linear: 'uniform-out' },
} satisfies Record<TorchvisionModelName, TorchvisionEntry>;

export type ZooName = string;

export interface ZooOptions {
  /** [channels, height, width]; default [1, 28, 28] (MNIST). */
  inputShape?: readonly number[];
  /** Default 10. */
  numClasses?: number;
  /** Weight initialization; default kaiming-uniform (small models) or torchvision's (full-size models). */
  init?: InitScheme;
  seed?: number;
}

export function isZooName(name: string): name is ZooName {
  return (ZOO_NAMES as readonly string[]).includes(name);
}

export function isTorchvisionModel(name: string): boolean {
  return Object.hasOwn(TORCHVISION_MODELS, name);
}

/**
 * The input shape a zoo model is built with for data of shape `data`: the data's own for the small models; for the
 * torchvision models 3 channels and at least 32x32 (so grey 28x28 digits are padded and repeated to RGB, the
 * shape these models were designed around; their five stride-2 stages need 32 pixels).
 */
export function zooInputShape(name: string, data: readonly number[]): number[] {
  if (!isTorchvisionModel(name)) return [...data];
  return [3, Math.max(32, data[1]!), Math.max(32, data[2]!)];
}

/** The forward graph with zero-filled parameters (no initialization), e.g. to inspect its shapes. */
export function zooGraph(name: string, inputShape: readonly number[], numClasses: number): Model {
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new InputError(`number of classes must be an integer >= 2, got ${numClasses}`);
  const build = SMALL[name] ?? TORCHVISION_MODELS[name]?.build;
  if (build === undefined) throw new InputError(`unknown model ${name}; the zoo has ${ZOO_NAMES.join(', ')}`);
  return build(inputShape, numClasses);
}

export function zooModel(name: string, opts: ZooOptions = {}): Model {
  const model = zooGraph(name, opts.inputShape ?? [1, 28, 28], opts.numClasses ?? 10);
  const tv = TORCHVISION_MODELS[name];
  if (tv !== undefined && opts.init === undefined) return torchvisionInit(model, tv.linear, opts.seed ?? 0);
  return initializeModel(model, opts.init ?? 'kaiming-uniform', opts.seed ?? 0);
}
