#!/usr/bin/python3
"""PyTorch side of scripts/bench-train-resnet18: torchvision resnet18 (10 classes) on random 3x32x32 batches,
cross-entropy, SGD lr 0.01, CPU, torch.set_num_threads(threads). Prints samples/s of full training steps (forward,
backward, optimizer step) after the warm-up steps, the median step, and torch's version and BLAS."""
import argparse
import statistics
import time

import torch
import torchvision


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--steps', type=int, default=10)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=10).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.rand(a.batch, 3, 32, 32) * 2 - 1
    y = torch.randint(0, 10, (a.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()

    for _ in range(a.warmup):
        step()
    times = []
    t0 = time.perf_counter()
    for _ in range(a.steps):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - t0
    blas = 'mkl' if torch.backends.mkl.is_available() else 'openblas/other'
    print(f'PyTorch {torch.__version__} CPU ({blas}): {a.steps * a.batch / total:.1f} samples/s, median {statistics.median(times) * 1000:.0f} ms/step')


if __name__ == '__main__':
    main()
