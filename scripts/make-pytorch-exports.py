#!/usr/bin/python3
"""Forward exports of torchvision architectures for the `train --model <export>` test (development only; torch
1.13, torchvision 0.14, TorchScript exporter, opset 17, training mode, input [batch, 3, 32, 32], 10 classes).

Writes fixtures/pytorch-exports/<name>.onnx with the float initializers removed (their names and shapes stay as
graph inputs), so each file is a few tens of KB; the test fills the weights from a formula and writes the model
back before training. Models: torchvision's resnet18, mobilenet_v2, mobilenet_v3_small and efficientnet_b0 as
they are (efficientnet_b0 with stochastic_depth_prob 0: its random per-sample skip exports as Bernoulli, which the
TorchScript exporter refuses in training mode), and small configurations of its VisionTransformer (patch 8, 2 layers, 2 heads, width 32) and ConvNeXt
(two stages of 16 and 32 channels, one block each).
"""
import os
from functools import partial

import onnx
from onnx_weightless import strip_float_initializers
import torch
import torchvision
from torchvision.models.convnext import CNBlockConfig, ConvNeXt
from torchvision.models.vision_transformer import VisionTransformer

OUT = 'fixtures/pytorch-exports'

MODELS = {
    'resnet18': lambda: torchvision.models.resnet18(num_classes=10),
    'mobilenet_v2': lambda: torchvision.models.mobilenet_v2(num_classes=10),
    'mobilenet_v3_small': lambda: torchvision.models.mobilenet_v3_small(num_classes=10),
    'efficientnet_b0': lambda: torchvision.models.efficientnet_b0(num_classes=10, stochastic_depth_prob=0.0),
    'vit_tiny': lambda: VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, mlp_dim=64, num_classes=10),
    'convnext_tiny': lambda: ConvNeXt([CNBlockConfig(16, 32, 1), CNBlockConfig(32, None, 1)], num_classes=10),
}


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    for name, make in MODELS.items():
        torch.manual_seed(0)
        model = make().train()
        path = os.path.join(OUT, f'{name}.onnx')
        torch.onnx.export(model, torch.randn(2, 3, 32, 32), path, training=torch.onnx.TrainingMode.TRAINING,
                          do_constant_folding=False, opset_version=17, input_names=['input'], output_names=['logits'],
                          dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
        strip_float_initializers(path)
        print(name, os.path.getsize(path))
