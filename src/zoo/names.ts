/** The zoo's model names on their own, so the CLI can list them in --help without loading the model builders. */

export const SMALL_MODEL_NAMES = ['mlp', 'lenet5', 'resnet-mini', 'effnet-mini'] as const;
export const TORCHVISION_MODEL_NAMES = ['resnet18', 'resnet50', 'vgg19', 'vgg19-bn', 'mobilenet-v2', 'efficientnet-b0', 'efficientnet-b4'] as const;
export const ZOO_NAMES = [...SMALL_MODEL_NAMES, ...TORCHVISION_MODEL_NAMES] as const;

export type SmallModelName = (typeof SMALL_MODEL_NAMES)[number];
export type TorchvisionModelName = (typeof TORCHVISION_MODEL_NAMES)[number];
