#!/usr/bin/python3
"""Writes fixtures/torchvision-zoo/state-dicts.json: for each torchvision model the zoo rebuilds, the name and
shape of every state_dict tensor (num_batches_tracked left out) at 1000 classes, and the parameter count.
Development only (torchvision 0.14); the zoo tests compare the TypeScript graphs against this file."""
import json
import torchvision.models as m

MODELS = {
    'resnet18': m.resnet18, 'resnet50': m.resnet50, 'vgg19': m.vgg19, 'vgg19-bn': m.vgg19_bn,
    'mobilenet-v2': m.mobilenet_v2, 'efficientnet-b0': m.efficientnet_b0, 'efficientnet-b4': m.efficientnet_b4,
}
out = {}
for name, ctor in MODELS.items():
    model = ctor()
    out[name] = {
        'parameters': sum(p.numel() for p in model.parameters()),
        'tensors': {k: list(v.shape) for k, v in model.state_dict().items() if not k.endswith('num_batches_tracked')},
    }
with open('fixtures/torchvision-zoo/state-dicts.json', 'w') as f:
    json.dump(out, f, indent=0, sort_keys=False)
