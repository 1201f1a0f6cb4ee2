#!/usr/bin/env python3
"""Fixtures for reading weights where real checkpoints keep them (issue: reach), made from fixtures/pytorch/lenet-run.

  fixtures/reach/constants-run/epoch-00N.onnx   lenet-run with every initializer moved into a Constant node (as
                                                 paddle2onnx and some tf2onnx outputs store weights), conv weights
                                                 routed through Identity and fc weights through Cast
  fixtures/reach/nan-run/epoch-00N.onnx         lenet-run with a NaN in conv2's weight at epoch 1 and an Inf in
                                                 fc2's weight at epoch 3 (a diverged run)
  fixtures/reach/external-run/epoch-00N.onnx    lenet-run with every tensor in its own external data file, as
                                                 torch.onnx.export writes models over 2 GB (epoch-00N.data/<name>)
  fixtures/reach/expected.json                  numpy float64 RWC per weight tensor of both runs (null where a
                                                 NaN/Inf touches the transition)

Run with Debian's python3-onnx and python3-numpy: /usr/bin/python3 scripts/make-reach-fixtures.py
"""
import json
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')
SRC = os.path.join(ROOT, 'pytorch', 'lenet-run')
OUT = os.path.join(ROOT, 'reach')
FILES = sorted(f for f in os.listdir(SRC) if f.endswith('.onnx'))


def weight_names(model):
    return [n.input[1] for n in model.graph.node if n.op_type in ('Conv', 'Gemm')]


def to_constants(model):
    """Every initializer becomes a Constant node; Conv weights go through Identity, Gemm weights through Cast."""
    g = model.graph
    consts = []
    for init in g.initializer:
        out = init.name
        t = onnx.TensorProto()
        t.CopyFrom(init)
        t.name = ''
        consts.append(helper.make_node('Constant', [], [out], name=f'const_{out}', value=t))
    routed = []
    for node in g.node:
        if node.op_type in ('Conv', 'Gemm'):
            w = node.input[1]
            if node.op_type == 'Conv':
                routed.append(helper.make_node('Identity', [w], [w + '_id'], name=f'id_{w}'))
                node.input[1] = w + '_id'
            else:
                routed.append(helper.make_node('Cast', [w], [w + '_cast'], name=f'cast_{w}', to=onnx.TensorProto.FLOAT))
                node.input[1] = w + '_cast'
    nodes = consts + routed + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    return model


def rwc_series(weights):
    """weights[t] -> RWC per transition, None where a value is not finite."""
    out = []
    for prev, cur in zip(weights, weights[1:]):
        if not (np.all(np.isfinite(prev)) and np.all(np.isfinite(cur))):
            out.append(None)
            continue
        p = prev.astype(np.float64)
        c = cur.astype(np.float64)
        out.append(float(np.abs(c - p).sum() / np.abs(p).sum()))
    return out


def main():
    models = [onnx.load(os.path.join(SRC, f)) for f in FILES]
    names = weight_names(models[0])
    expected = {}

    os.makedirs(os.path.join(OUT, 'constants-run'), exist_ok=True)
    weights = {n: [] for n in names}
    for f, m in zip(FILES, models):
        for init in m.graph.initializer:
            if init.name in weights:
                weights[init.name].append(numpy_helper.to_array(init))
        c = onnx.ModelProto()
        c.CopyFrom(m)
        onnx.save(to_constants(c), os.path.join(OUT, 'constants-run', f))
    expected['constants-run'] = {n: rwc_series(w) for n, w in weights.items()}

    os.makedirs(os.path.join(OUT, 'nan-run'), exist_ok=True)
    poison = {1: ('conv2.weight', np.nan), 3: ('fc2.weight', np.inf)}
    weights = {n: [] for n in names}
    for t, (f, m) in enumerate(zip(FILES, models)):
        d = onnx.ModelProto()
        d.CopyFrom(m)
        for init in d.graph.initializer:
            a = numpy_helper.to_array(init).copy()
            if t in poison and init.name == poison[t][0]:
                a.flat[7] = poison[t][1]
                init.CopyFrom(numpy_helper.from_array(a, init.name))
            if init.name in weights:
                weights[init.name].append(a)
        onnx.save(d, os.path.join(OUT, 'nan-run', f))
    expected['nan-run'] = {n: rwc_series(w) for n, w in weights.items()}

    ext = os.path.join(OUT, 'external-run')
    os.makedirs(ext, exist_ok=True)
    for f, m in zip(FILES, models):
        e = onnx.ModelProto()
        e.CopyFrom(m)
        data_dir = f.replace('.onnx', '.data')
        os.makedirs(os.path.join(ext, data_dir), exist_ok=True)
        for init in e.graph.initializer:
            raw = numpy_helper.to_array(init).tobytes()
            with open(os.path.join(ext, data_dir, init.name), 'wb') as fh:
                fh.write(raw)
            init.ClearField('raw_data')
            init.data_location = onnx.TensorProto.EXTERNAL
            del init.external_data[:]
            for k, v in (('location', f'{data_dir}/{init.name}'), ('offset', '0'), ('length', str(len(raw)))):
                entry = init.external_data.add()
                entry.key, entry.value = k, v
        onnx.save(e, os.path.join(ext, f))

    with open(os.path.join(OUT, 'expected.json'), 'w') as fh:
        json.dump(expected, fh, indent=1)


if __name__ == '__main__':
    main()
