#!/usr/bin/python3
"""Write the safetensors fixtures under fixtures/safetensors/ and the safetensors cases of fixtures/bad/
(dev-time only; tests never run this). Needs Debian's python3-torch (1.13), python3-torchvision, python3-onnx:

    /usr/bin/python3 scripts/make-safetensors-fixtures.py

safetensors files are written here with numpy + json + struct, following the format as the `safetensors` package
writes it: 8-byte little-endian header length, JSON header padded with spaces to a multiple of 8, `__metadata__`
first, tensors laid out by descending dtype size then name. Every writer call also records, independently of the
TypeScript reader, where each tensor landed (absolute offset, byte count), so tests compare against that record.

fixtures/safetensors/
  run-files/ckpt-{0,5,10,15}.safetensors   state_dict of a tiny CNN after 0, 5, 10, 15 SGD steps (single files)
  run-trainer/checkpoint-{0,5,10,15}/      the same four states as the HF Trainer lays them out: model.safetensors,
                                           except checkpoint-10, sharded in two with model.safetensors.index.json
                                           (weight_map in state_dict order); plus trainer_state.json, optimizer.pt
                                           and a runs/ log directory that are not checkpoints
  run-onnx/ckpt-{0,5,10,15}.onnx           the same four states exported with torch.onnx.export (training mode, so
                                           BatchNormalization is kept and initializers carry the state_dict names)
  expected-rwc.json                        numpy RWC per layer (l1 ratio, float64) over the four states
  record.json                              writer's record: file -> tensor -> dtype, shape, offset, bytes
  dtypes.safetensors (+ dtypes.json)       one tensor per dtype (F32, F16, BF16, F64, I64, U8, BOOL, a scalar,
                                           an empty tensor) with the float64 values numpy reads
  names/*.json                             name/dtype/shape lists (state_dict order) of torchvision resnet18, a
                                           timm-style EfficientNet-B0 and a HF Llama-style decoder
fixtures/bad/*.safetensors, fixtures/bad/sharded-*/   corrupt or hostile files; their entries in cases.json are
                                           replaced (entries of other formats are kept)
"""
import copy
import json
import os
import shutil
import struct
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

warnings.filterwarnings('ignore')
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'fixtures', 'safetensors')
BAD = os.path.join(ROOT, 'fixtures', 'bad')

DTYPE_NAMES = {np.dtype('float32'): 'F32', np.dtype('float16'): 'F16', np.dtype('float64'): 'F64',
               np.dtype('int64'): 'I64', np.dtype('uint8'): 'U8', np.dtype('bool'): 'BOOL'}
RECORD = {}


def bf16(values):
    """(uint16 bit patterns, the float64 values they hold): bfloat16 by truncation of float32 with rounding."""
    f = np.asarray(values, dtype=np.float32)
    bits = f.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    widened = (rounded.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return rounded, widened


def header_and_data(tensors, metadata=None):
    """tensors: list of (name, dtype_name, shape, raw bytes). Returns (file bytes, {name: (offset, bytes)})."""
    size = {'F64': 8, 'I64': 8, 'F32': 4, 'F16': 2, 'BF16': 2, 'U8': 1, 'BOOL': 1}
    ordered = sorted(tensors, key=lambda t: (-size[t[1]], t[0]))
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    pos = 0
    for name, dt, shape, raw in ordered:
        header[name] = {'dtype': dt, 'shape': list(shape), 'data_offsets': [pos, pos + len(raw)]}
        pos += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    where = {}
    for name, dt, shape, raw in ordered:
        begin, end = header[name]['data_offsets']
        where[name] = {'dtype': dt, 'shape': list(shape), 'offset': 8 + len(text) + begin, 'bytes': end - begin}
    data = b''.join(t[3] for t in ordered)
    return struct.pack('<Q', len(text)) + text + data, where


def write_safetensors(path, tensors, metadata=None):
    blob, where = header_and_data(tensors, metadata)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(blob)
    RECORD[os.path.relpath(path, OUT)] = where


def state_tensors(state):
    out = []
    for name, t in state.items():
        a = t.detach().cpu().numpy()
        out.append((name, DTYPE_NAMES[a.dtype], a.shape, np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes()))
    return out


class Tiny(nn.Module):
    """Stem conv on one-channel images ([4,1,3,3], the depthwise shape), BatchNorm, depthwise, pointwise, linear."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv_dw = nn.Conv2d(4, 4, 3, padding=1, groups=4)
        self.conv_pw = nn.Conv2d(4, 8, 1)
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.conv_dw(x))
        x = F.relu(self.conv_pw(x))
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


LAYERS = {'conv1': 'conv1', 'bn1': 'bn1', 'conv_dw': 'conv_dw', 'conv_pw': 'conv_pw', 'fc': 'fc'}
STEPS = [0, 5, 10, 15]


def train_states():
    torch.manual_seed(7)
    model = Tiny()
    opt = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
    gen = torch.Generator().manual_seed(11)
    x = torch.randn(16, 1, 8, 8, generator=gen)
    y = torch.randint(0, 3, (16,), generator=gen)
    states, step = {}, 0
    for target in STEPS:
        while step < target:
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
            step += 1
        states[target] = {k: v.clone() for k, v in model.state_dict().items()}
        # ONNX export of the same state (training mode keeps BatchNormalization and the state_dict names).
        path = os.path.join(OUT, 'run-onnx', f'ckpt-{target}.onnx')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # Exporting runs a training-mode forward pass, which would move the BatchNorm running statistics: export a
        # copy whose BatchNorm momentum is 0, so the file holds exactly the state saved above.
        frozen = copy.deepcopy(model).train()
        for m in frozen.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.momentum = 0.0
        torch.onnx.export(frozen, torch.zeros(1, 1, 8, 8), path, opset_version=17,
                          training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False,
                          input_names=['input'], output_names=['logits'])
    return states


def expected_rwc(states):
    out = {'checkpoints': STEPS, 'rwc': {}, 'rwcAll': {}}
    for layer in LAYERS:
        w = [states[s][f'{layer}.weight'].numpy().astype(np.float64).ravel() for s in STEPS]
        wa = [np.concatenate([states[s][f'{layer}.weight'].numpy().ravel(), states[s][f'{layer}.bias'].numpy().ravel()])
              .astype(np.float64) for s in STEPS]
        out['rwc'][layer] = [float(np.abs(w[i] - w[i - 1]).sum() / np.abs(w[i - 1]).sum()) for i in range(1, len(STEPS))]
        out['rwcAll'][layer] = [float(np.abs(wa[i] - wa[i - 1]).sum() / np.abs(wa[i - 1]).sum())
                                for i in range(1, len(STEPS))]
    return out


def write_runs(states):
    meta = {'format': 'pt'}
    for s in STEPS:
        write_safetensors(os.path.join(OUT, 'run-files', f'ckpt-{s}.safetensors'), state_tensors(states[s]), meta)
    trainer = os.path.join(OUT, 'run-trainer')
    for s in STEPS:
        d = os.path.join(trainer, f'checkpoint-{s}')
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'trainer_state.json'), 'w') as f:
            json.dump({'global_step': s}, f)
        with open(os.path.join(d, 'optimizer.pt'), 'wb') as f:
            f.write(b'not a checkpoint')
        tensors = state_tensors(states[s])
        if s != 10:
            write_safetensors(os.path.join(d, 'model.safetensors'), tensors, meta)
            continue
        shards = [tensors[:6], tensors[6:]]
        weight_map, total = {}, 0
        for k, part in enumerate(shards):
            name = f'model-{k + 1:05d}-of-{len(shards):05d}.safetensors'
            write_safetensors(os.path.join(d, name), part, meta)
            for t in part:
                weight_map[t[0]] = name
                total += len(t[3])
        with open(os.path.join(d, 'model.safetensors.index.json'), 'w') as f:
            json.dump({'metadata': {'total_size': total}, 'weight_map': weight_map}, f, indent=2)
    os.makedirs(os.path.join(trainer, 'runs'), exist_ok=True)
    with open(os.path.join(trainer, 'runs', 'events.txt'), 'w') as f:
        f.write('training log, not a checkpoint\n')


def write_dtypes():
    f32 = np.array([[1.5, -2.25, 3.0], [0.0, 1e-3, -7.5]], dtype=np.float32)
    f16 = np.array([1.0, -0.5, 65504.0, 6.0e-8, 0.333], dtype=np.float16)
    bf_bits, bf_values = bf16([1.0, -3.140625, 1e30, 1.0e-30])
    f64 = np.array([np.pi, -1e300, 2.5e-310], dtype=np.float64)
    scalar = np.array(42.5, dtype=np.float32)
    tensors = [
        ('a.f32', 'F32', f32.shape, f32.tobytes()),
        ('b.f16', 'F16', f16.shape, f16.tobytes()),
        ('c.bf16', 'BF16', bf_bits.shape, bf_bits.astype('<u2').tobytes()),
        ('d.f64', 'F64', f64.shape, f64.tobytes()),
        ('e.i64', 'I64', (2,), np.array([1, -1], dtype='<i8').tobytes()),
        ('f.u8', 'U8', (3,), bytes([1, 2, 3])),
        ('g.bool', 'BOOL', (2,), bytes([1, 0])),
        ('h.scalar', 'F32', (), scalar.tobytes()),
        ('i.empty', 'F32', (0, 4), b''),
    ]
    write_safetensors(os.path.join(OUT, 'dtypes.safetensors'), tensors, {'note': 'one tensor per dtype'})
    values = {
        'a.f32': f32.astype(np.float64).ravel().tolist(),
        'b.f16': f16.astype(np.float64).ravel().tolist(),
        'c.bf16': bf_values.tolist(),
        'd.f64': f64.ravel().tolist(),
        'h.scalar': [float(scalar)],
        'i.empty': [],
    }
    with open(os.path.join(OUT, 'dtypes.json'), 'w') as f:
        json.dump({'values': values, 'skipped': ['e.i64', 'f.u8', 'g.bool'], 'metadata': {'note': 'one tensor per dtype'}},
                  f, indent=1)


# ---- name lists of real architectures -------------------------------------------------------------------------

def names_of(state):
    return [[k, DTYPE_NAMES[v.numpy().dtype], list(v.shape)] for k, v in state.items()]


class SE(nn.Module):
    def __init__(self, c, r):
        super().__init__()
        self.conv_reduce = nn.Conv2d(c, r, 1)
        self.conv_expand = nn.Conv2d(r, c, 1)


class DS(nn.Module):
    """timm DepthwiseSeparableConv: conv_dw, bn1, se, conv_pw (the projection), bn2."""

    def __init__(self, cin, cout, k):
        super().__init__()
        self.conv_dw = nn.Conv2d(cin, cin, k, groups=cin, bias=False)
        self.bn1 = nn.BatchNorm2d(cin)
        self.se = SE(cin, max(1, cin // 4))
        self.conv_pw = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)


class IR(nn.Module):
    """timm InvertedResidual: conv_pw (expand), bn1, conv_dw, bn2, se, conv_pwl (project), bn3."""

    def __init__(self, cin, cout, k, e):
        super().__init__()
        mid = cin * e
        self.conv_pw = nn.Conv2d(cin, mid, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.conv_dw = nn.Conv2d(mid, mid, k, groups=mid, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.se = SE(mid, max(1, cin // 4))
        self.conv_pwl = nn.Conv2d(mid, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)


class TimmEfficientNetB0(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_stem = nn.Conv2d(3, 32, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        # (expansion, channels, repeats, kernel) of EfficientNet-B0
        stages = [(1, 16, 1, 3), (6, 24, 2, 3), (6, 40, 2, 5), (6, 80, 3, 3), (6, 112, 3, 5), (6, 192, 4, 5),
                  (6, 320, 1, 3)]
        cin, blocks = 32, []
        for e, c, n, k in stages:
            stage = []
            for _ in range(n):
                stage.append(DS(cin, c, k) if e == 1 else IR(cin, c, k, e))
                cin = c
            blocks.append(nn.Sequential(*stage))
        self.blocks = nn.Sequential(*blocks)
        self.conv_head = nn.Conv2d(320, 1280, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(1280)
        self.classifier = nn.Linear(1280, 1000)


def llama_names(layers=2, hidden=64, inter=172, vocab=100, heads=4, kv_heads=2):
    head_dim = hidden // heads
    out = [['model.embed_tokens.weight', 'BF16', [vocab, hidden]]]
    for i in range(layers):
        p = f'model.layers.{i}'
        out += [
            [f'{p}.self_attn.q_proj.weight', 'BF16', [hidden, hidden]],
            [f'{p}.self_attn.k_proj.weight', 'BF16', [kv_heads * head_dim, hidden]],
            [f'{p}.self_attn.v_proj.weight', 'BF16', [kv_heads * head_dim, hidden]],
            [f'{p}.self_attn.o_proj.weight', 'BF16', [hidden, hidden]],
            [f'{p}.mlp.gate_proj.weight', 'BF16', [inter, hidden]],
            [f'{p}.mlp.up_proj.weight', 'BF16', [inter, hidden]],
            [f'{p}.mlp.down_proj.weight', 'BF16', [hidden, inter]],
            [f'{p}.input_layernorm.weight', 'BF16', [hidden]],
            [f'{p}.post_attention_layernorm.weight', 'BF16', [hidden]],
        ]
    out += [['model.norm.weight', 'BF16', [hidden]], ['lm_head.weight', 'BF16', [vocab, hidden]]]
    return out


def write_names():
    d = os.path.join(OUT, 'names')
    os.makedirs(d, exist_ok=True)
    lists = {
        'resnet18-torchvision': names_of(torchvision.models.resnet18().state_dict()),
        'efficientnet-b0-timm': names_of(TimmEfficientNetB0().state_dict()),
        'llama-hf': llama_names(layers=12),
    }
    for name, tensors in lists.items():
        with open(os.path.join(d, f'{name}.json'), 'w') as f:
            f.write('{"tensors": [\n' + ',\n'.join(json.dumps(t) for t in tensors) + '\n]}\n')


# ---- bad files ----------------------------------------------------------------------------------------------

def raw_file(header_bytes, data=b'', length=None):
    n = len(header_bytes) if length is None else length
    return struct.pack('<Q', n) + header_bytes + data


def hdr(obj):
    return json.dumps(obj).encode('utf-8')


def w_entry(dtype='F32', shape=(4, 4), offsets=(0, 64)):
    return {'dtype': dtype, 'shape': list(shape), 'data_offsets': list(offsets)}


def write_bad():
    cases = []

    def add(file, content, expect, note):
        p = os.path.join(BAD, file)
        with open(p, 'wb') as f:
            f.write(content)
        cases.append({'file': file, 'expect': expect, 'note': note})

    zeros = bytes(64)
    add('st-empty.safetensors', b'', ['too short'], 'zero bytes')
    add('st-short.safetensors', b'\x05\x00\x00', ['too short'], '3 bytes: no room for the header length')
    add('st-huge-header.safetensors', struct.pack('<Q', 2 ** 63 + 5) + b'{}', ['header length', '100 MB'],
        'header length 2^63+5: refused before any allocation')
    add('st-header-over-limit.safetensors', struct.pack('<Q', 100_000_001) + b'{}', ['header length 100000001', '100 MB'],
        'one byte over the 100 MB limit')
    add('st-header-past-end.safetensors', struct.pack('<Q', 1000) + b'{"w": 1}', ['header length 1000', 'beyond the end'],
        'header length larger than the file')
    add('st-not-utf8.safetensors', raw_file(b'{"w\xff\xfe": 1}'), ['not valid UTF-8'], 'invalid UTF-8 byte in the header')
    add('st-not-json.safetensors', raw_file(b'{"w": {"dtype": "F32",'), ['not valid JSON'], 'truncated JSON')
    add('st-header-array.safetensors', raw_file(hdr([1, 2, 3])), ['not a JSON object'], 'header is an array')
    add('st-entry-not-object.safetensors', raw_file(hdr({'w': 5})), ['tensor "w"', 'not an object'], 'tensor entry is a number')
    add('st-bad-dtype.safetensors', raw_file(hdr({'w': w_entry(dtype='F33')}), zeros), ['tensor "w"', 'unknown dtype "F33"'],
        'dtype not in the format')
    add('st-negative-shape.safetensors', raw_file(hdr({'w': w_entry(shape=(-4, 4))}), zeros), ['tensor "w"', 'shape'],
        'shape [-4, 4]')
    add('st-fraction-shape.safetensors', raw_file(hdr({'w': w_entry(shape=(2.5, 4))}), zeros), ['tensor "w"', 'shape'],
        'shape [2.5, 4]')
    add('st-overflow-shape.safetensors', raw_file(hdr({'w': w_entry(shape=(2 ** 40, 2 ** 40))}), zeros),
        ['tensor "w"', 'element count'], 'element count 2^80 not representable')
    add('st-size-mismatch.safetensors', raw_file(hdr({'w': w_entry(offsets=(0, 32))}), zeros),
        ['tensor "w"', '32 bytes', '64'], 'shape [4,4] F32 needs 64 bytes, offsets give 32')
    add('st-offsets-past-end.safetensors', raw_file(hdr({'w': w_entry(offsets=(0, 64))}), bytes(32)),
        ['tensor "w"', 'past the end of the data'], 'data section has 32 of the 64 bytes')
    add('st-huge-offsets.safetensors', raw_file(hdr({'w': w_entry(shape=(2 ** 20, 2 ** 20), offsets=(0, 2 ** 42))}), zeros),
        ['tensor "w"', 'past the end of the data'], 'declares 4 TB of data in a tiny file')
    add('st-begin-after-end.safetensors', raw_file(hdr({'w': w_entry(shape=(0,), offsets=(64, 0))}), zeros),
        ['tensor "w"', 'begin 64', 'after its end 0'], 'data_offsets [64, 0]')
    add('st-bad-offsets.safetensors', raw_file(hdr({'w': w_entry(offsets=(0, 'x'))}), zeros),
        ['tensor "w"', 'data_offsets'], 'data_offsets with a string')
    add('st-missing-offsets.safetensors', raw_file(hdr({'w': {'dtype': 'F32', 'shape': [4, 4]}}), zeros),
        ['tensor "w"', 'data_offsets'], 'no data_offsets')
    add('st-overlap.safetensors', raw_file(hdr({'a': w_entry(offsets=(0, 64)), 'b': w_entry(shape=(4, 2), offsets=(32, 64))}),
                                         bytes(64)), ['tensor "b"', 'overlaps tensor "a"'], 'b inside a\'s bytes')
    add('st-overlap-skipped-dtype.safetensors',
        raw_file(hdr({'a': w_entry(offsets=(0, 64)), 'b': w_entry(dtype='I64', shape=(2,), offsets=(48, 64))}), bytes(64)),
        ['overlaps tensor'], 'an I64 tensor (not a weight) inside a weight\'s bytes: still refused')
    add('st-bad-metadata.safetensors', raw_file(hdr({'__metadata__': {'epoch': 3}, 'w': w_entry()}), zeros),
        ['__metadata__', '"epoch"'], 'metadata value that is not a string')

    def sharded(dirname, weight_map, shards, expect, note, index_text=None):
        d = os.path.join(BAD, dirname)
        os.makedirs(d, exist_ok=True)
        for name, tensors in shards.items():
            blob, _ = header_and_data(tensors)
            with open(os.path.join(d, name), 'wb') as f:
                f.write(blob)
        with open(os.path.join(d, 'model.safetensors.index.json'), 'w') as f:
            f.write(index_text if index_text is not None else json.dumps({'metadata': {}, 'weight_map': weight_map}))
        cases.append({'file': dirname, 'expect': expect, 'note': note})

    t = lambda name: (name, 'F32', (2,), np.array([1, 2], dtype='<f4').tobytes())
    s1, s2 = 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'
    sharded('st-sharded-missing-shard', {'a': s1, 'b': s2}, {s1: [t('a')]}, [s2, 'not found'],
            'weight_map names a shard that is not there')
    sharded('st-sharded-escape', {'a': s1, 'b': '../x.safetensors'}, {s1: [t('a')]}, ['"../x.safetensors"', 'escapes'],
            'shard name ../x.safetensors')
    sharded('st-sharded-absolute', {'a': s1, 'b': '/etc/passwd'}, {s1: [t('a')]}, ['"/etc/passwd"', 'absolute path'],
            'absolute shard name')
    sharded('st-sharded-duplicate', {'a': s1, 'b': s2}, {s1: [t('a'), t('b')], s2: [t('b')]}, ['tensor "b"', 'in two shards'],
            'tensor b stored in both shards')
    sharded('st-sharded-wrong-shard', {'a': s1, 'b': s1}, {s1: [t('a')], s2: [t('b')]}, ['tensor "b"', s1],
            'weight_map points b at a shard that does not hold it')
    sharded('st-sharded-bad-index', {}, {s1: [t('a')]}, ['weight_map'], 'index without weight_map',
            index_text='{"metadata": {}}')
    sharded('st-sharded-not-json', {}, {s1: [t('a')]}, ['not valid JSON'], 'index is not JSON', index_text='{"weight_map": ')

    path = os.path.join(BAD, 'cases.json')
    kept = []
    if os.path.exists(path):
        with open(path) as f:
            # st-hub-* are scripts/make-family-fixtures.py's.
            kept = [c for c in json.load(f) if not c['file'].startswith('st-') or c['file'].startswith('st-hub-')]
    with open(path, 'w') as f:
        f.write(json.dumps(kept + cases, indent=2) + '\n')


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    for f in os.listdir(BAD):
        if f.startswith('st-') and not f.startswith('st-hub-'):
            p = os.path.join(BAD, f)
            shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)
    os.makedirs(OUT)
    states = train_states()
    write_runs(states)
    write_dtypes()
    write_names()
    with open(os.path.join(OUT, 'expected-rwc.json'), 'w') as f:
        json.dump(expected_rwc(states), f, indent=1)
    with open(os.path.join(OUT, 'record.json'), 'w') as f:
        json.dump(RECORD, f, indent=1, sort_keys=True)
    write_bad()
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(OUT) for fn in fns)
    print(f'fixtures/safetensors: {total} bytes')


if __name__ == '__main__':
    main()
