#!/usr/bin/python3
"""PyTorch side of the resnet18 training-step comparison (development only; torch 1.13, torchvision 0.14).

Writes fixtures/pytorch-train/:
  resnet18-train.onnx  torchvision resnet18 (10 classes) exported in training mode (BatchNormalization with
                       training_mode=1), opset 17, input [batch, 3, 32, 32]. Float initializers are removed (their
                       names and shapes stay as graph inputs), so the file is ~30 KB instead of 45 MB: both sides
                       compute the initial weights from the formula below.
  resnet18-steps.json  after one SGD step (lr 0.1) and, separately from the same start, one Adam step (lr 1e-3,
                       weight decay 5e-3, other settings PyTorch's defaults; without weight decay the first Adam
                       step turns every gradient element into +-lr, and elements whose exact gradient is 0 - many
                       BatchNorm shifts before a training-mode BatchNorm on a 1x1 map are - would compare float
                       noise): for every state_dict tensor (BatchNorm running statistics included), the
                       values at up to K = 128 flat indices
                       floor(j n / K) + (j 2654435761 mod 2^32) mod max(1, floor(n / K)) (spread over kernel positions and
                       channels, unlike a plain stride), and the loss.

Initial values (float64, rounded to float32), phase = 0.013 * (sum of the name's character codes),
base_i = sin(0.7 i + phase) for flat index i:
  running_mean 0.1 base; running_var 1 + 0.5 base; other 1-D '.weight' (BN scale) 1 + 0.2 base;
  '.bias' 0.1 base; 4-D conv weight sqrt(6 / fan_in) base (fan_in = C/g * kh * kw); 2-D fc weight sqrt(6 / in) base.
Batch: x_i = sin(0.37 i) over the flat [8, 3, 32, 32] tensor, labels[s] = (3 s + 1) mod 10.
"""
import json
import math
import os

import numpy as np
import onnx
from onnx_weightless import strip_float_initializers
import torch
import torchvision

OUT = 'fixtures/pytorch-train'
K = 128


def initial(name, shape):
    n = int(np.prod(shape)) if len(shape) else 1
    phase = 0.013 * sum(ord(c) for c in name)
    base = np.sin(0.7 * np.arange(n, dtype=np.float64) + phase)
    if name.endswith('running_mean'):
        v = 0.1 * base
    elif name.endswith('running_var'):
        v = 1 + 0.5 * base
    elif name.endswith('.bias'):
        v = 0.1 * base
    elif len(shape) == 1:
        v = 1 + 0.2 * base
    elif len(shape) == 4:
        v = math.sqrt(6 / (shape[1] * shape[2] * shape[3])) * base
    else:
        v = math.sqrt(6 / shape[1]) * base
    return v.astype(np.float32).reshape(shape)


def fresh_model():
    model = torchvision.models.resnet18(num_classes=10)
    state = {k: torch.from_numpy(initial(k, list(t.shape))) if t.is_floating_point() else t for k, t in model.state_dict().items()}
    model.load_state_dict(state)
    model.train()
    return model


def batch():
    x = np.sin(0.37 * np.arange(8 * 3 * 32 * 32, dtype=np.float64)).astype(np.float32).reshape(8, 3, 32, 32)
    labels = np.array([(3 * s + 1) % 10 for s in range(8)], dtype=np.int64)
    return torch.from_numpy(x), torch.from_numpy(labels)


def step(kind):
    model = fresh_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1) if kind == 'sgd' else torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=5e-3)
    x, labels = batch()
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), labels)
    loss.backward()
    opt.step()
    samples = {}
    for k, t in model.state_dict().items():
        if not t.is_floating_point():
            continue
        flat = t.detach().numpy().reshape(-1)
        n = flat.size
        count = min(n, K)
        idx = [(j * n) // count + (j * 2654435761 % 4294967296) % max(1, n // count) for j in range(count)]
        samples[k] = [float('%.9g' % flat[i]) for i in idx]
    return {'loss': float(loss), 'samples': samples}


def export():
    model = fresh_model()
    x, _ = batch()
    path = os.path.join(OUT, 'resnet18-train.onnx')
    torch.onnx.export(model, x, path, training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False, opset_version=17,
                      input_names=['input'], output_names=['logits'], dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
    strip_float_initializers(path)


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    export()
    result = {'K': K, 'sgd': {'lr': 0.1, **step('sgd')}, 'adam': {'lr': 1e-3, 'weightDecay': 5e-3, **step('adam')}}
    with open(os.path.join(OUT, 'resnet18-steps.json'), 'w') as f:
        json.dump(result, f, separators=(',', ':'))
