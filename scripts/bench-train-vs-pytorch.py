#!/usr/bin/python3
"""PyTorch side of scripts/bench-train-vs-pytorch: reads the same CIFAR-10 binary batch (or MNIST IDX files), trains
torchvision's model (10 classes; LeNet-5 as the zoo builds it for lenet5) for two epochs with a plain loop
(shuffled index batches, cross-entropy, SGD lr 0.01 or Adam lr 0.001), and prints JSON: the second epoch's
training-loop seconds and this process's peak RSS in MB."""
import argparse
import json
import os
import resource
import time

import numpy as np
import torch
import torchvision


def cifar(data):
    raw = np.fromfile(os.path.join(data, 'data_batch_1.bin'), dtype=np.uint8).reshape(-1, 3073)
    x = raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0
    return torch.from_numpy((x - 0.5) / 0.25), torch.from_numpy(raw[:, 0].astype(np.int64))


def mnist(data):
    images = np.fromfile(os.path.join(data, 'train-images-idx3-ubyte'), dtype=np.uint8)[16:].reshape(-1, 1, 28, 28)
    labels = np.fromfile(os.path.join(data, 'train-labels-idx1-ubyte'), dtype=np.uint8)[8:]
    x = images.astype(np.float32) / 255.0
    return torch.from_numpy((x - 0.1307) / 0.3081), torch.from_numpy(labels.astype(np.int64))


def lenet5():
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True)
    p.add_argument('--data', required=True)
    p.add_argument('--optimizer', default='sgd')
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.model == 'lenet5':
        model, (x, y) = lenet5(), mnist(a.data)
    else:
        model = getattr(torchvision.models, a.model.replace('-', '_'))(num_classes=10)
        x, y = cifar(a.data)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3) if a.optimizer == 'adam' else torch.optim.SGD(model.parameters(), lr=0.01)
    seconds = 0.0
    for epoch in range(2):
        order = torch.randperm(len(y))
        start = time.perf_counter()
        for i in range(0, len(y), a.batch):
            idx = order[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            torch.nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
        seconds = time.perf_counter() - start
    print(json.dumps({'seconds': seconds, 'maxRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == '__main__':
    main()
