#!/usr/bin/python3
"""Export the PyTorch fixtures under fixtures/pytorch/ (dev-time only; tests never run this).

Run with Debian's python3-torch (1.13), python3-torchvision and python3-onnx:

    /usr/bin/python3 scripts/make_pytorch_fixtures.py

Every model is built with a fixed seed and exported with the TorchScript exporter at opset 17
(torch 1.13 has no dynamo exporter; 17 is its highest opset). Files:

  lenet.onnx                 LeNet-5 (conv 20@5x5, conv 50@5x5, fc 500, fc 10), eval export
  resnet-folded.onnx         tiny ResNet, eval export: BatchNorm folded into Conv (onnx::Conv_N names)
  resnet-folded-aux.onnx     same weights, model carries an unused aux head: every onnx::Conv_N shifts by 2
  resnet-bn.onnx             same weights, training-mode export: BatchNormalization nodes kept
  effnet.onnx                tiny EfficientNet (MBConv + squeeze-excitation), BatchNormalization kept
  effnet-folded.onnx         same weights, eval export: BatchNorm folded
  lenet-run/epoch-00N.onnx   a small LeNet trained a few SGD steps per epoch on random data
  lenet-run/expected-rwc.json  per-layer RWC of lenet-run computed with numpy from the exported files
"""
import json
import os
import warnings

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

OPSET = 17
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'pytorch')

warnings.filterwarnings('ignore')


def export(model, example, path, training=torch.onnx.TrainingMode.EVAL):
    torch.onnx.export(
        model, example, path, opset_version=OPSET, training=training,
        input_names=['input'], output_names=['logits'])
    onnx.checker.check_model(onnx.load(path))
    print(f'{os.path.relpath(path, ROOT)}: {os.path.getsize(path)} bytes')


# ---------------------------------------------------------------- LeNet-5

class LeNet5(nn.Module):
    def __init__(self, c1=20, c2=50, fc=500, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c1, 5)
        self.conv2 = nn.Conv2d(c1, c2, 5)
        self.fc1 = nn.Linear(c2 * 4 * 4, fc)
        self.fc2 = nn.Linear(fc, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


# ---------------------------------------------------------------- tiny ResNet

class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        skip = x if self.downsample is None else self.downsample(x)
        return F.relu(y + skip)


class TinyResNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.layer1 = BasicBlock(8, 8, 1)
        self.layer2 = BasicBlock(8, 16, 2)
        self.layer3 = BasicBlock(16, 16, 1)
        self.fc = nn.Linear(16, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


class TinyResNetWithAux(TinyResNet):
    """Same forward; an auxiliary head that inference never uses. Its parameters are traced graph inputs
    numbered before the others, so every generated onnx::Conv_N name shifts while the ONNX graph is unchanged."""

    def __init__(self, classes=10):
        super().__init__(classes)
        self.aux = nn.Linear(8, classes)


# ---------------------------------------------------------------- tiny EfficientNet

class SqueezeExcitation(nn.Module):
    def __init__(self, channels, squeezed):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, squeezed, 1)
        self.fc2 = nn.Conv2d(squeezed, channels, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        s = torch.sigmoid(self.fc2(F.silu(self.fc1(s))))
        return x * s


class MBConv(nn.Module):
    def __init__(self, cin, cout, expand, stride):
        super().__init__()
        mid = cin * expand
        self.expand = nn.Conv2d(cin, mid, 1, bias=False)
        self.bn0 = nn.BatchNorm2d(mid)
        self.depthwise = nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.se = SqueezeExcitation(mid, max(1, cin // 4))
        self.project = nn.Conv2d(mid, cout, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = F.silu(self.bn0(self.expand(x)))
        y = F.silu(self.bn1(self.depthwise(y)))
        y = self.se(y)
        y = self.bn2(self.project(y))
        return x + y if self.residual else y


class TinyEffNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, 2, 1, bias=False)
        self.stem_bn = nn.BatchNorm2d(8)
        self.blocks = nn.Sequential(MBConv(8, 8, 4, 1), MBConv(8, 16, 4, 2), MBConv(16, 16, 4, 1))
        self.head = nn.Conv2d(16, 64, 1, bias=False)
        self.head_bn = nn.BatchNorm2d(64)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = F.silu(self.stem_bn(self.stem(x)))
        x = self.blocks(x)
        x = F.silu(self.head_bn(self.head(x)))
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


def randomize_batchnorm(model, seed):
    """Give BatchNorm layers trained-looking statistics so folding changes every weight."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                n = m.num_features
                m.weight.copy_(1 + 0.1 * torch.randn(n, generator=g))
                m.bias.copy_(0.1 * torch.randn(n, generator=g))
                m.running_mean.copy_(0.1 * torch.randn(n, generator=g))
                m.running_var.copy_(1 + 0.1 * torch.rand(n, generator=g))


# ---------------------------------------------------------------- lenet-run

def export_lenet_run(out_dir, epochs=3, steps_per_epoch=5):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(1)
    model = LeNet5(c1=4, c2=8, fc=32)
    images = torch.randn(steps_per_epoch * epochs, 16, 1, 28, 28)
    labels = torch.randint(0, 10, (steps_per_epoch * epochs, 16))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    example = torch.zeros(1, 1, 28, 28)
    paths = []
    for epoch in range(epochs + 1):
        if epoch > 0:
            model.train()
            for step in range(steps_per_epoch):
                i = (epoch - 1) * steps_per_epoch + step
                optimizer.zero_grad()
                F.cross_entropy(model(images[i]), labels[i]).backward()
                optimizer.step()
        model.eval()
        path = os.path.join(out_dir, f'epoch-{epoch:03d}.onnx')
        export(model, example, path)
        paths.append(path)
    write_expected_rwc(paths, os.path.join(out_dir, 'expected-rwc.json'))


def layer_weight_names(graph):
    """Weight initializer of every Conv/Gemm node, in node order (the lenet-run graph has no other layers)."""
    names = []
    for node in graph.node:
        if node.op_type in ('Conv', 'Gemm'):
            names.append(node.input[1])
    return names


def write_expected_rwc(paths, out_path):
    """rwc[t] = sum|w_t - w_{t-1}| / sum|w_{t-1}| over each layer's weight tensor, float64, from the files."""
    models = [onnx.load(p) for p in paths]
    weights = [{t.name: onnx.numpy_helper.to_array(t).astype(np.float64) for t in m.graph.initializer} for m in models]
    expected = {}
    for name in layer_weight_names(models[0].graph):
        series = []
        for t in range(1, len(weights)):
            prev, cur = weights[t - 1][name], weights[t][name]
            series.append(float(np.abs(cur - prev).sum() / np.abs(prev).sum()))
        expected[name] = series
    with open(out_path, 'w') as f:
        json.dump(expected, f, indent=2)
        f.write('\n')
    print(f'{os.path.relpath(out_path, ROOT)}: {json.dumps(expected)}')


def main():
    os.makedirs(ROOT, exist_ok=True)

    torch.manual_seed(0)
    export(LeNet5().eval(), torch.zeros(1, 1, 28, 28), os.path.join(ROOT, 'lenet.onnx'))

    image = torch.zeros(1, 3, 32, 32)
    torch.manual_seed(0)
    resnet = TinyResNet()
    resnet_aux = TinyResNetWithAux()
    resnet_aux.load_state_dict(resnet.state_dict(), strict=False)
    # Fresh BatchNorm (mean 0, var 1, weight 1, bias 0): the folded biases are all zero and the exporter
    # deduplicates equal initializers through Identity nodes, as it does for any freshly initialised network.
    export(resnet.eval(), image, os.path.join(ROOT, 'resnet-folded.onnx'))
    export(resnet_aux.eval(), image, os.path.join(ROOT, 'resnet-folded-aux.onnx'))
    export(resnet.train(), image, os.path.join(ROOT, 'resnet-bn.onnx'), training=torch.onnx.TrainingMode.TRAINING)

    torch.manual_seed(0)
    effnet = TinyEffNet()
    randomize_batchnorm(effnet, seed=0)
    # Eval export first: tracing a training-mode export runs BatchNorm in training mode, which updates its statistics.
    export(effnet.eval(), image, os.path.join(ROOT, 'effnet-folded.onnx'))
    export(effnet.train(), image, os.path.join(ROOT, 'effnet.onnx'), training=torch.onnx.TrainingMode.TRAINING)

    export_lenet_run(os.path.join(ROOT, 'lenet-run'))


if __name__ == '__main__':
    main()
