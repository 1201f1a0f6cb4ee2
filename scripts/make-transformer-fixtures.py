#!/usr/bin/python3
"""Export the transformer fixtures under fixtures/transformers/ (dev-time only; tests never run this).

Run with Debian's python3-torch (1.13) and python3-onnx:

    /usr/bin/python3 scripts/make-transformer-fixtures.py

Five tiny models written here by hand (hidden 16, 2 blocks, 2 heads), each exported with torch.onnx.export at
opset 14 (LayerNorm decomposed) and 17 (LayerNormalization), with and without constant folding:

  gpt2       learned wte/wpe, LayerNorm, fused c_attn split by Split, float causal-mask buffer, GELU MLP,
             head tied to wte (F.linear(x, wte.weight))
  llama      RMSNorm, rotary cos/sin buffers (sliced, Mul with q/k), separate q/k/v/o, gated SiLU MLP, untied head
  vit        patch Conv, cls token (Expand + Concat), pos_embed added, fused qkv split by Gather (timm layout),
             layer-scale gammas, classifier head
  bert       word/position/token-type embeddings (positions from an int buffer, token types a graph input),
             separate q/k/v, post-norm LayerNorms, pooler, classifier
  convnext   patch stem Conv, channels-last LayerNorm, depthwise Conv, Linear MLP, layer-scale gamma

<model>-opset17-folded-aux (gpt2, llama, vit): the same weights in a module that also carries an unused Linear, so
every generated onnx::MatMul_N name shifts while the graph is unchanged (matching by structural key).

fixtures/transformers/onnx/<model>-opset<N>[-folded].onnx are weight-stripped (scripts/onnx_weightless.py: the float
initializers become graph inputs), and <model>-opset<N>[-folded].json says, for every float initializer of the export
before stripping (name -> {shape, torch, role, block}), which torch parameter or buffer it holds (matched by value,
directly or transposed) and the role and block the graph analysis must give it; `parts` gives, for a fused q/k/v
weight, the element ranges of each part in the stored tensor's layout.

fixtures/transformers/runs/{gpt2-opset14,llama-opset17}/epoch-00{0,1,2}.onnx: real weights after 0, 3 and 6 seeded
SGD steps; expected.json beside them holds the L1 RWC of every parameter per transition (numpy from the state_dict),
the ONNX initializer each became, and for c_attn the RWC of its q/k/v blocks.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_weightless import strip_float_initializers  # noqa: E402

warnings.filterwarnings('ignore')
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'transformers')
C, H, BLOCKS, VOCAB, SEQ = 16, 2, 2, 32, 8


# ---------------------------------------------------------------- modules; role(name) gives each parameter's role

class LayerNorm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln = nn.LayerNorm(c)

    def forward(self, x):
        return self.ln(x)


class RMSNorm(nn.Module):
    def __init__(self, c, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.eps = eps

    def forward(self, x):
        var = x.pow(2).mean(-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(var + self.eps))


def heads(x):
    b, t, c = x.shape
    return x.view(b, t, H, c // H).transpose(1, 2)


def merge(x):
    b, h, t, d = x.shape
    return x.transpose(1, 2).reshape(b, t, h * d)


class GPT2Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(C)
        self.c_attn = nn.Linear(C, 3 * C)
        self.c_proj = nn.Linear(C, C)
        self.ln_2 = nn.LayerNorm(C)
        self.c_fc = nn.Linear(C, 4 * C)
        self.mlp_proj = nn.Linear(4 * C, C)
        self.register_buffer('mask', torch.triu(torch.full((SEQ, SEQ), -1e4), 1))

    def forward(self, x):
        t = x.shape[1]
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = heads(q), heads(k), heads(v)
        s = q @ k.transpose(-2, -1) / math.sqrt(C // H) + self.mask[:t, :t]
        x = x + self.c_proj(merge(F.softmax(s, dim=-1) @ v))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x))))


class GPT2(nn.Module):
    roles = {'wte': 'embedding', 'wpe': 'position_embedding', 'ln_1': 'norm', 'ln_2': 'norm', 'ln_f': 'norm',
             'c_attn': 'attention_qkv', 'c_proj': 'attention_output', 'c_fc': 'mlp_up', 'mlp_proj': 'mlp_down',
             'mask': 'param'}

    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, C)
        self.wpe = nn.Embedding(SEQ, C)
        self.h = nn.ModuleList([GPT2Block() for _ in range(BLOCKS)])
        self.ln_f = nn.LayerNorm(C)

    def forward(self, ids):
        pos = torch.arange(ids.shape[1], dtype=torch.long)
        x = self.wte(ids) + self.wpe(pos)
        for block in self.h:
            x = block(x)
        return F.linear(self.ln_f(x), self.wte.weight)


def rotate_half(x):
    d = x.shape[-1] // 2
    return torch.cat((-x[..., d:], x[..., :d]), dim=-1)


class LlamaLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_layernorm = RMSNorm(C)
        self.q_proj = nn.Linear(C, C, bias=False)
        self.k_proj = nn.Linear(C, C, bias=False)
        self.v_proj = nn.Linear(C, C, bias=False)
        self.o_proj = nn.Linear(C, C, bias=False)
        self.post_attention_layernorm = RMSNorm(C)
        self.gate_proj = nn.Linear(C, 2 * C, bias=False)
        self.up_proj = nn.Linear(C, 2 * C, bias=False)
        self.down_proj = nn.Linear(2 * C, C, bias=False)

    def forward(self, x, cos, sin):
        h = self.input_layernorm(x)
        q, k, v = heads(self.q_proj(h)), heads(self.k_proj(h)), heads(self.v_proj(h))
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        s = q @ k.transpose(-2, -1) / math.sqrt(C // H)
        x = x + self.o_proj(merge(F.softmax(s, dim=-1) @ v))
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class Llama(nn.Module):
    roles = {'embed_tokens': 'embedding', 'input_layernorm': 'norm', 'post_attention_layernorm': 'norm',
             'norm': 'norm', 'q_proj': 'attention_query', 'k_proj': 'attention_key', 'v_proj': 'attention_value',
             'o_proj': 'attention_output', 'gate_proj': 'mlp_gate', 'up_proj': 'mlp_up', 'down_proj': 'mlp_down',
             'lm_head': 'linear', 'cos_cached': 'param', 'sin_cached': 'param'}

    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(VOCAB, C)
        self.layers = nn.ModuleList([LlamaLayer() for _ in range(BLOCKS)])
        self.norm = RMSNorm(C)
        self.lm_head = nn.Linear(C, VOCAB, bias=False)
        d = C // H
        inv = 1.0 / (10000 ** (torch.arange(0, d, 2).float() / d))
        freqs = torch.outer(torch.arange(SEQ).float(), inv)
        emb = torch.cat((freqs, freqs), dim=-1)
        self.register_buffer('cos_cached', emb.cos())
        self.register_buffer('sin_cached', emb.sin())

    def forward(self, ids):
        t = ids.shape[1]
        cos, sin = self.cos_cached[:t], self.sin_cached[:t]
        x = self.embed_tokens(ids)
        for layer in self.layers:
            x = layer(x, cos, sin)
        return self.lm_head(self.norm(x))


class ViTBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(C)
        self.qkv = nn.Linear(C, 3 * C)
        self.proj = nn.Linear(C, C)
        self.ls1 = nn.Parameter(torch.full((C,), 0.1))
        self.norm2 = nn.LayerNorm(C)
        self.fc1 = nn.Linear(C, 2 * C)
        self.fc2 = nn.Linear(2 * C, C)
        self.ls2 = nn.Parameter(torch.full((C,), 0.1))

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(self.norm1(x)).reshape(b, n, 3, H, c // H).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        a = F.softmax((q @ k.transpose(-2, -1)) * (c // H) ** -0.5, dim=-1)
        x = x + self.ls1 * self.proj((a @ v).transpose(1, 2).reshape(b, n, c))
        return x + self.ls2 * self.fc2(F.gelu(self.fc1(self.norm2(x))))


class ViT(nn.Module):
    roles = {'patch': 'conv', 'cls_token': 'special_token', 'pos_embed': 'position_embedding', 'norm1': 'norm',
             'norm2': 'norm', 'norm': 'norm', 'qkv': 'attention_qkv', 'proj': 'attention_output', 'ls1': 'layer_scale',
             'ls2': 'layer_scale', 'fc1': 'mlp_up', 'fc2': 'mlp_down', 'head': 'linear'}

    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, C, 4, stride=4)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, C))
        self.pos_embed = nn.Parameter(torch.zeros(1, 5, C))
        self.blocks = nn.ModuleList([ViTBlock() for _ in range(BLOCKS)])
        self.norm = nn.LayerNorm(C)
        self.head = nn.Linear(C, 10)

    def forward(self, img):
        x = self.patch(img).flatten(2).transpose(1, 2)
        x = torch.cat((self.cls_token.expand(x.shape[0], -1, -1), x), dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x)[:, 0])


class BertLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(C, C)
        self.key = nn.Linear(C, C)
        self.value = nn.Linear(C, C)
        self.attention_dense = nn.Linear(C, C)
        self.attention_norm = nn.LayerNorm(C)
        self.intermediate = nn.Linear(C, 2 * C)
        self.output_dense = nn.Linear(2 * C, C)
        self.output_norm = nn.LayerNorm(C)

    def forward(self, x):
        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        s = q @ k.transpose(-1, -2) / math.sqrt(C // H)
        x = self.attention_norm(x + self.attention_dense(merge(F.softmax(s, dim=-1) @ v)))
        return self.output_norm(x + self.output_dense(F.gelu(self.intermediate(x))))


class Bert(nn.Module):
    roles = {'word_embeddings': 'embedding', 'position_embeddings': 'position_embedding',
             'token_type_embeddings': 'embedding', 'embeddings_norm': 'norm', 'query': 'attention_query',
             'key': 'attention_key', 'value': 'attention_value', 'attention_dense': 'attention_output',
             'attention_norm': 'norm', 'intermediate': 'mlp_up', 'output_dense': 'mlp_down', 'output_norm': 'norm',
             'pooler': 'linear', 'classifier': 'linear'}

    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, C)
        self.position_embeddings = nn.Embedding(SEQ, C)
        self.token_type_embeddings = nn.Embedding(2, C)
        self.embeddings_norm = nn.LayerNorm(C)
        self.layer = nn.ModuleList([BertLayer() for _ in range(BLOCKS)])
        self.pooler = nn.Linear(C, C)
        self.classifier = nn.Linear(C, 2)
        self.register_buffer('position_ids', torch.arange(SEQ).unsqueeze(0))

    def forward(self, ids, types):
        pos = self.position_ids[:, :ids.shape[1]]
        x = self.word_embeddings(ids) + self.position_embeddings(pos) + self.token_type_embeddings(types)
        x = self.embeddings_norm(x)
        for layer in self.layer:
            x = layer(x)
        return self.classifier(torch.tanh(self.pooler(x[:, 0])))


class ConvNeXtBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.dwconv = nn.Conv2d(C, C, 3, padding=1, groups=C)
        self.norm = nn.LayerNorm(C)
        self.pwconv1 = nn.Linear(C, 4 * C)
        self.pwconv2 = nn.Linear(4 * C, C)
        self.gamma = nn.Parameter(torch.full((C,), 1e-2))

    def forward(self, x):
        y = self.dwconv(x).permute(0, 2, 3, 1)
        y = self.gamma * self.pwconv2(F.gelu(self.pwconv1(self.norm(y))))
        return x + y.permute(0, 3, 1, 2)


class ConvNeXt(nn.Module):
    roles = {'stem': 'conv', 'stem_norm': 'norm', 'dwconv': 'depthwise', 'norm': 'norm', 'pwconv1': 'mlp_up',
             'pwconv2': 'mlp_down', 'gamma': 'layer_scale', 'head_norm': 'norm', 'head': 'linear'}
    no_blocks = True  # not a transformer: no attention pattern, so no block index

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, C, 4, stride=4)
        self.stem_norm = nn.LayerNorm(C)
        self.blocks = nn.ModuleList([ConvNeXtBlock() for _ in range(BLOCKS)])
        self.head_norm = nn.LayerNorm(C)
        self.head = nn.Linear(C, 10)

    def forward(self, img):
        x = self.stem_norm(self.stem(img).permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        for block in self.blocks:
            x = block(x)
        return self.head(self.head_norm(x.mean((2, 3))))


MODELS = {
    'gpt2': (GPT2, lambda: (torch.randint(0, VOCAB, (1, SEQ)),), ['ids']),
    'llama': (Llama, lambda: (torch.randint(0, VOCAB, (1, SEQ)),), ['ids']),
    'vit': (ViT, lambda: (torch.randn(1, 3, 8, 8),), ['image']),
    'bert': (Bert, lambda: (torch.randint(0, VOCAB, (1, SEQ)), torch.randint(0, 2, (1, SEQ))), ['ids', 'types']),
    'convnext': (ConvNeXt, lambda: (torch.randn(1, 3, 8, 8),), ['image']),
}


# ---------------------------------------------------------------- expected roles

BLOCK_CONTAINERS = ('h', 'layers', 'blocks', 'layer')


def describe(model, name):
    """(role, block) of a torch parameter/buffer name: the role from the module or parameter name, the block from the
    index after h./layers./blocks./layer., except the module-level ones."""
    parts = name.split('.')
    block = None
    if parts[0] in BLOCK_CONTAINERS and len(parts) > 1 and parts[1].isdigit():
        block = int(parts[1])
        parts = parts[2:]
    key = next(part for part in parts if part in model.roles)
    role = model.roles[key]
    if getattr(model, 'no_blocks', False):
        block = None
    return role, block


def named_tensors(model):
    out = dict(model.named_parameters())
    out.update({k: v for k, v in model.named_buffers() if v.dtype.is_floating_point})
    return {k: v.detach().numpy().copy() for k, v in out.items()}


def match_initializer(array, tensors):
    """(torch name, transposed) of the parameter or buffer this initializer holds, or (None, False)."""
    for name, value in tensors.items():
        if value.shape == array.shape and np.array_equal(value, array):
            return name, False
        if value.ndim == 2 and value.T.shape == array.shape and np.array_equal(value.T, array):
            return name, True
    for name, value in tensors.items():
        # a folded slice of a table (wpe[:t], mask[:t, :t], cos_cached[:t], ...)
        if value.ndim == array.ndim and all(a <= v for a, v in zip(array.shape, value.shape)):
            if np.array_equal(value[tuple(slice(0, a) for a in array.shape)], array):
                return name, False
        if value.ndim + 1 == array.ndim and array.shape[0] == 1 and np.array_equal(value, array[0]):
            return name, False
    return None, False


def qkv_parts(shape, transposed):
    """Element ranges [start, count] of q, k, v in a fused weight of `shape`: [out, in] rows (a stored torch Linear
    weight) or [in, out] columns (its transpose)."""
    if len(shape) == 1:
        n = shape[0] // 3
        return {p: [[i * n, n]] for i, p in enumerate('qkv')}
    if not transposed:
        rows, cols = shape
        n = rows // 3
        return {p: [[i * n * cols, n * cols]] for i, p in enumerate('qkv')}
    rows, cols = shape
    n = cols // 3
    return {p: [[r * cols + i * n, n] for r in range(rows)] for i, p in enumerate('qkv')}


def export(model, example, names, path, opset, folding, dynamic=True):
    axes = {n: {0: 'batch'} for n in names} if dynamic else None
    torch.onnx.export(model, example, path, opset_version=opset, do_constant_folding=folding,
                      input_names=names, output_names=['out'], dynamic_axes=axes)


def expectations(model, path):
    """name -> {shape, torch, role, block} for every float initializer of the exported file, plus fused parts."""
    tensors = named_tensors(model)
    m = onnx.load(path)
    out, parts = {}, {}
    for init in m.graph.initializer:
        if init.data_type != onnx.TensorProto.FLOAT:
            continue
        array = onnx.numpy_helper.to_array(init)
        if array.size <= 1:
            continue
        torch_name, transposed = match_initializer(array, tensors)
        if torch_name is None:
            role, block = 'param', None
        else:
            role, block = describe(model, torch_name)
            if torch_name == 'wte.weight' and transposed:
                role = 'linear'  # the tied head, folded into a transposed copy: a tensor of its own
        out[init.name] = {'shape': list(array.shape), 'torch': torch_name, 'role': role, 'block': block}
        if role == 'attention_qkv':
            parts[init.name] = qkv_parts(list(array.shape), transposed)
    return out, parts


def distinct_weights(model, seed):
    """Every parameter and float buffer with its own values, so that initializers map back to them by value."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.2 + (0.5 if 'norm' in name or 'ln' in name else 0))


def make_onnx_fixtures():
    folder = os.path.join(ROOT, 'onnx')
    os.makedirs(folder, exist_ok=True)
    for key, (cls, example, names) in MODELS.items():
        torch.manual_seed(0)
        model = cls().eval()
        distinct_weights(model, 1)
        inputs = example()
        for opset in (14, 17):
            for folding in (False, True):
                base = f'{key}-opset{opset}{"-folded" if folding else ""}'
                path = os.path.join(folder, base + '.onnx')
                export(model, inputs, names, path, opset, folding)
                tensors, parts = expectations(model, path)
                strip_float_initializers(path)
                with open(os.path.join(folder, base + '.json'), 'w') as f:
                    json.dump({'model': key, 'opset': opset, 'folded': folding, 'tensors': tensors, 'parts': parts},
                              f, indent=1, sort_keys=True)
                print(f'{base}: {os.path.getsize(path)} bytes, {len(tensors)} float tensors')
        if key in ('gpt2', 'llama', 'vit'):
            # The same weights in a module that also carries an unused head: every generated onnx::MatMul_N shifts.
            twin = type(f'{cls.__name__}WithAux', (cls,), {})()
            twin.aux = nn.Linear(C, C)
            twin.load_state_dict(model.state_dict(), strict=False)
            twin.eval()
            base = f'{key}-opset17-folded-aux'
            path = os.path.join(folder, base + '.onnx')
            export(twin, inputs, names, path, 17, True)
            tensors, parts = expectations(twin, path)
            strip_float_initializers(path)
            with open(os.path.join(folder, base + '.json'), 'w') as f:
                json.dump({'model': key, 'opset': 17, 'folded': True, 'tensors': tensors, 'parts': parts},
                          f, indent=1, sort_keys=True)
            print(f'{base}: {os.path.getsize(path)} bytes, {len(tensors)} float tensors')


# ---------------------------------------------------------------- real-weight runs

def rwc(a, b):
    a, b = a.astype(np.float64), b.astype(np.float64)
    return float(np.abs(b - a).sum() / np.abs(a).sum())


def make_run(key, opset):
    cls, example, names = MODELS[key]
    folder = os.path.join(ROOT, 'runs', f'{key}-opset{opset}')
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    model = cls()
    distinct_weights(model, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    g = torch.Generator().manual_seed(3)
    states, files = [], []
    for epoch in range(3):
        if epoch > 0:
            model.train()
            for _ in range(3):
                ids = torch.randint(0, VOCAB, (4, SEQ), generator=g)
                logits = model(ids)
                loss = F.cross_entropy(logits[:, :-1].reshape(-1, VOCAB), ids[:, 1:].reshape(-1))
                opt.zero_grad()
                loss.backward()
                opt.step()
        model.eval()
        path = os.path.join(folder, f'epoch-{epoch:03d}.onnx')
        export(model, example(), names, path, opset, True)
        states.append(named_tensors(model))
        files.append(path)
    m = onnx.load(files[0])
    onnx_of = {}
    for init in m.graph.initializer:
        if init.data_type == onnx.TensorProto.FLOAT and onnx.numpy_helper.to_array(init).size > 1:
            torch_name, transposed = match_initializer(onnx.numpy_helper.to_array(init), states[0])
            if torch_name is not None:
                onnx_of.setdefault(torch_name, []).append({'name': init.name, 'transposed': transposed})
    params = {}
    for name in states[0]:
        rwcs = [rwc(states[t - 1][name], states[t][name]) if np.abs(states[t - 1][name]).sum() > 0 else None
                for t in (1, 2)]
        params[name] = {'shape': list(states[0][name].shape), 'onnx': onnx_of.get(name, []), 'rwc': rwcs}
    expected = {'model': key, 'opset': opset, 'folded': True, 'checkpoints': [os.path.basename(f) for f in files],
                'params': params}
    for name in states[0]:
        if name.endswith('c_attn.weight') or name.endswith('c_attn.bias'):
            n = states[0][name].shape[0] // 3
            expected.setdefault('qkv_parts', {})[name] = {
                p: [rwc(states[t - 1][name][i * n:(i + 1) * n], states[t][name][i * n:(i + 1) * n]) for t in (1, 2)]
                for i, p in enumerate('qkv')}
    expected['note'] = ('rwc[t-1] = sum|w_t - w_(t-1)| / sum|w_(t-1)| in float64 over the torch tensor; c_attn parts '
                        'are rows [i*C, (i+1)*C) of the torch [3C, C] weight (columns of its [C, 3C] transpose)')
    with open(os.path.join(folder, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print(f'{folder}: {sum(os.path.getsize(p) for p in files)} bytes')


if __name__ == '__main__':
    make_onnx_fixtures()
    make_run('gpt2', 14)
    make_run('llama', 17)
