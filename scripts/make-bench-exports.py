#!/usr/bin/python3
"""Write real PyTorch/torchvision ONNX export series for the analyze benchmarks (dev-time only; never run by tests).

    /usr/bin/python3 scripts/make-bench-exports.py            # resnet18, resnet50, efficientnet_b0
    /usr/bin/python3 scripts/make-bench-exports.py --big      # also the ~6.4 GB external-data series
    /usr/bin/python3 scripts/make-bench-exports.py --only resnet18 --out DIR

Output, under .cache/bench-real/ by default (one run directory per series, files epoch-000.onnx, epoch-001.onnx, ...):

  resnet18/         6 checkpoints, torchvision resnet18, eval-mode export: BatchNorm folded into Conv (44.7 MB each)
  resnet50/         5 checkpoints, torchvision resnet50, eval-mode export (BN folded)
  efficientnet_b0/  5 checkpoints, torchvision efficientnet_b0, eval-mode export (BN folded)
  big/              4 checkpoints (only with --big): 24 MatMul layers of 4096x4096 float32 chained on a [1, 4096]
                    input; every weight in external data, one data file per checkpoint (epoch-00N.onnx.data,
                    1.6 GB each), tensors packed back to back in graph order (each 64 MiB, so page-aligned).

How "training" is simulated (seeded, so reruns write the same bytes): checkpoint 0 is the model's own initial
weights (torch.manual_seed(seed) before construction). For every floating-point *parameter* tensor p (BatchNorm
running statistics are left alone) a per-tensor rate r_p, uniform in [0.25, 4), is drawn, and checkpoint t adds
    delta_t = 0.02 * r_p * 0.6^(t-1) * std(p_0) * N(0, 1)
to checkpoint t-1: a random walk whose steps shrink, at a different pace per layer, as in a decaying learning rate.
Each checkpoint is exported with the TorchScript exporter (torch 1.13: opset 17, training=EVAL, constant folding),
which folds every BatchNormalization into the preceding Conv, exactly as a plain `torch.onnx.export(model.eval())`.
The big series is written with the onnx package: the graph holds external-data references (location, offset,
length entries, as onnx.save_as_external_data writes them) and the tensor bytes are streamed to the data file one tensor at a
time, so the generator needs ~200 MB of memory rather than a whole checkpoint.
"""
import argparse
import os
import sys
import time
import warnings

import numpy as np
import onnx
from onnx import TensorProto, helper

OPSET = 17
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
SERIES = {'resnet18': 6, 'resnet50': 5, 'efficientnet_b0': 5}
BIG_LAYERS = 24
BIG_WIDTH = 4096
BIG_CHECKPOINTS = 4

warnings.filterwarnings('ignore')


def checkpoint_name(t):
    return f'epoch-{t:03d}.onnx'


def export_torchvision(name, count, out_dir, seed):
    import torch
    import torchvision

    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)(weights=None).eval()
    params = [p for p in model.parameters() if p.dtype.is_floating_point]
    gen = torch.Generator().manual_seed(seed + 1)
    rates = [0.25 + 3.75 * float(torch.rand((), generator=gen)) for _ in params]
    stds = [float(p.detach().std()) if p.numel() > 1 else float(p.detach().abs().mean()) + 1e-3 for p in params]
    example = torch.randn(1, 3, 224, 224, generator=gen)
    os.makedirs(out_dir, exist_ok=True)
    for t in range(count):
        if t > 0:
            with torch.no_grad():
                for p, r, s in zip(params, rates, stds):
                    step = 0.02 * r * 0.6 ** (t - 1) * s
                    p.add_(torch.randn(p.shape, generator=gen) * step)
        path = os.path.join(out_dir, checkpoint_name(t))
        started = time.perf_counter()
        torch.onnx.export(
            model, example, path, opset_version=OPSET, training=torch.onnx.TrainingMode.EVAL,
            do_constant_folding=True, input_names=['input'], output_names=['logits'])
        took = time.perf_counter() - started
        print(f'{os.path.relpath(path, ROOT)}: {os.path.getsize(path) / 1e6:.1f} MB ({took:.1f} s)', flush=True)


def write_big(out_dir, seed, layers=BIG_LAYERS, width=BIG_WIDTH, count=BIG_CHECKPOINTS):
    """24 chained MatMul layers; tensor i of every checkpoint is generated together, then the next one."""
    os.makedirs(out_dir, exist_ok=True)
    names = [f'layers.{i}.weight' for i in range(layers)]
    data_names = [checkpoint_name(t) + '.data' for t in range(count)]
    files = [open(os.path.join(out_dir, d), 'wb') for d in data_names]
    nbytes = width * width * 4
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    try:
        for i in range(layers):
            w = rng.standard_normal((width, width), dtype=np.float32) * np.float32(1 / np.sqrt(width))
            rate = np.float32(0.25 + 3.75 * rng.random())
            std = np.float32(w.std())
            for t in range(count):
                if t > 0:
                    w += rng.standard_normal((width, width), dtype=np.float32) * (np.float32(0.02 * 0.6 ** (t - 1)) * rate * std)
                files[t].write(w.tobytes())
            print(f'big: layer {i + 1}/{layers} ({time.perf_counter() - started:.1f} s)', flush=True)
    finally:
        for f in files:
            f.close()
    for t in range(count):
        inits = []
        for i, name in enumerate(names):
            tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=[width, width])
            for key, value in (('location', data_names[t]), ('offset', i * nbytes), ('length', nbytes)):
                entry = tensor.external_data.add()
                entry.key, entry.value = key, str(value)
            tensor.data_location = TensorProto.EXTERNAL
            inits.append(tensor)
        nodes = [
            helper.make_node('MatMul', ['x' if i == 0 else f'h{i}', names[i]], ['y' if i == layers - 1 else f'h{i + 1}'],
                             name=f'/layers.{i}/MatMul')
            for i in range(layers)
        ]
        graph = helper.make_graph(
            nodes, 'big', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, width])],
            [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, width])], inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], producer_name='make-bench-exports')
        path = os.path.join(out_dir, checkpoint_name(t))
        with open(path, 'wb') as f:
            f.write(model.SerializeToString())
        onnx.checker.check_model(path)
        size = os.path.getsize(os.path.join(out_dir, data_names[t]))
        print(f'{os.path.relpath(path, ROOT)}: graph {os.path.getsize(path)} bytes + {size / 1e9:.2f} GB external data')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=os.path.join(ROOT, '.cache', 'bench-real'), help='parent directory of the series')
    ap.add_argument('--big', action='store_true', help='also write the ~6.4 GB external-data series (big/)')
    ap.add_argument('--only', choices=[*SERIES, 'big'], action='append', help='write only these series (repeatable)')
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    wanted = args.only or [*SERIES, *(['big'] if args.big else [])]
    for name in wanted:
        out_dir = os.path.join(args.out, name)
        if name == 'big':
            write_big(out_dir, args.seed)
        else:
            export_torchvision(name, SERIES[name], out_dir, args.seed)
    return 0


if __name__ == '__main__':
    sys.exit(main())
