"""One small torchvision-block training run exported both ways, for the BatchNorm-folding check (docs/design.md section 4).

fixtures/bn-folding/eval/epoch-00N.onnx      eval-mode export (BatchNorm folded into the convs: onnx::Conv_* weights)
fixtures/bn-folding/training/epoch-00N.onnx  training-mode export, do_constant_folding=False (the parameters as they are)
fixtures/bn-folding/expected.json            numpy L1 RWC of every state_dict parameter per transition

Run: /usr/bin/python3 scripts/make-bn-folding-fixture.py
"""
import json
import os

import numpy as np
import torch
from torch import nn
from torchvision.ops import Conv2dNormActivation

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'bn-folding')


def net():
    return nn.Sequential(
        Conv2dNormActivation(3, 6, kernel_size=3),
        Conv2dNormActivation(6, 8, kernel_size=3, stride=2),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(8, 4),
    )


def export(model, path, training):
    x = torch.zeros(1, 3, 8, 8)
    was_training = model.training
    if training:
        model.train()
        torch.onnx.export(model, x, path, opset_version=14, training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False)
    else:
        model.eval()
        torch.onnx.export(model, x, path, opset_version=14)
    model.train(was_training)


def main():
    torch.manual_seed(0)
    model = net()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    data = torch.randn(64, 3, 8, 8) * 3 + 1
    target = torch.randint(0, 4, (64,))
    states = []
    for kind in ('eval', 'training'):
        os.makedirs(os.path.join(OUT, kind), exist_ok=True)
    for epoch in range(3):
        if epoch > 0:
            for i in range(0, 64, 16):
                opt.zero_grad()
                nn.functional.cross_entropy(model(data[i:i + 16]), target[i:i + 16]).backward()
                opt.step()
        states.append({k: v.detach().numpy().astype(np.float64).copy() for k, v in model.named_parameters()})
        export(model, os.path.join(OUT, 'eval', f'epoch-{epoch:03d}.onnx'), False)
        export(model, os.path.join(OUT, 'training', f'epoch-{epoch:03d}.onnx'), True)
    def l1_rwc(name, t):
        # The checkpoints store float32: compare what was stored, in float64.
        prev, cur = (states[s][name].astype(np.float32).astype(np.float64) for s in (t - 1, t))
        norm = np.abs(prev).sum()
        return None if norm == 0 else float(np.abs(cur - prev).sum() / norm)  # null, as weightscale reports a zero norm

    rwc = {name: [l1_rwc(name, t) for t in (1, 2)] for name in states[0]}
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump({'rwc': rwc, 'foldedConvs': 2}, f, indent=1)


if __name__ == '__main__':
    main()
