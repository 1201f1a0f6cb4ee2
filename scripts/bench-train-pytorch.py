#!/usr/bin/python3
"""PyTorch reference for weightscale's training speed: LeNet-5 on random MNIST-shaped data, plain SGD.

Run by hand with Debian's python3-torch:

    /usr/bin/python3 scripts/bench-train-pytorch.py [--batch 128] [--steps 100] [--threads 2] [--warmup 10]

Same model as weightscale's zoo `lenet5` (conv 20@5x5, ReLU, maxpool 2, conv 50@5x5, ReLU, maxpool 2, fc 500, ReLU,
fc 10), cross-entropy, SGD lr 0.01, CPU, `torch.set_num_threads(threads)`. Prints samples/s of full training steps
(forward, backward, optimizer step) after the warm-up steps.
"""
import argparse
import re
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet5(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc1 = nn.Linear(50 * 4 * 4, 500)
        self.fc2 = nn.Linear(500, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--batch', type=int, default=128)
    parser.add_argument('--steps', type=int, default=100)
    parser.add_argument('--warmup', type=int, default=10)
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = LeNet5()
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    batches = 8
    images = torch.rand(batches, args.batch, 1, 28, 28)
    labels = torch.randint(0, 10, (batches, args.batch))

    def step(i):
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(images[i % batches]), labels[i % batches])
        loss.backward()
        optimizer.step()
        return loss

    for i in range(args.warmup):
        step(i)
    times = []
    start = time.perf_counter()
    for i in range(args.steps):
        t0 = time.perf_counter()
        loss = step(i)
        times.append(time.perf_counter() - t0)
    loss.item()
    elapsed = time.perf_counter() - start
    samples = args.steps * args.batch
    median = statistics.median(times)
    print(f'pytorch {torch.__version__} lenet5 batch {args.batch} threads {args.threads}: '
          f'{samples / elapsed:.0f} samples/s ({1000 * elapsed / args.steps:.1f} ms/step, {args.steps} steps after '
          f'{args.warmup} warm-up; median step {1000 * median:.1f} ms = {args.batch / median:.0f} samples/s)')
    blas = re.search(r'BLAS_INFO=([^,\s]+)', torch.__config__.show())
    if blas is not None and blas.group(1) == 'generic':
        print('note: this torch build uses the system libblas (BLAS_INFO=generic; on Debian the reference BLAS unless '
              'libopenblas is installed), so its Linear layers (addmm/mm) are slow; convolutions use oneDNN')


if __name__ == '__main__':
    main()
