#!/usr/bin/python3
"""A torchvision resnet18 trained on seeded random 32x32 images, exported to ONNX once per epoch with PyTorch's own
exporter (dev-time only: the live-analysis benchmark's run, scripts/bench-incremental.mjs).

    /usr/bin/python3 scripts/make-resnet18-series.py OUT [--epochs 60] [--steps 2] [--opset 17]

Writes OUT/epoch-000.onnx (the initial weights) ... OUT/epoch-<epochs-1>.onnx, each a training-mode export (BatchNorm
kept as its own node), with `--steps` SGD steps (batch 32, lr 0.05, momentum 0.9) between consecutive exports.
"""
import argparse
import os

import torch
import torchvision


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--epochs', type=int, default=60)
    ap.add_argument('--steps', type=int, default=2)
    ap.add_argument('--opset', type=int, default=17)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=10)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    x = torch.randn(256, 3, 32, 32)
    y = torch.randint(0, 10, (256,))
    dummy = torch.randn(2, 3, 32, 32)
    for epoch in range(a.epochs):
        if epoch > 0:
            model.train()
            for s in range(a.steps):
                i = torch.randint(0, 256, (32,))
                opt.zero_grad()
                torch.nn.functional.cross_entropy(model(x[i]), y[i]).backward()
                opt.step()
        path = os.path.join(a.out, f'epoch-{epoch:03d}.onnx')
        torch.onnx.export(model, dummy, path, opset_version=a.opset, training=torch.onnx.TrainingMode.TRAINING,
                          do_constant_folding=False, input_names=['input'], output_names=['logits'])
        print(path, flush=True)


if __name__ == '__main__':
    main()
