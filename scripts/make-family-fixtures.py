#!/usr/bin/env python3
"""Write the transformer-family and hub-cache fixtures, with numpy's answers.

    /usr/bin/python3 scripts/make-family-fixtures.py

fixtures/safetensors/families/<family>.json   {config, tensors: [[name, dtype, shape], ...]} in state_dict order, as
    each family's Hugging Face (or timm) module names its parameters, at tiny sizes: llama, qwen2 (tied, q/k/v
    biases), gpt2, gpt-neox, bert, vit (timm DeiT-3, layer scale), t5 (v1.1, gated), falcon, mpt, phi.
fixtures/safetensors/families/run-gpt2/       two GPT-2 checkpoints whose `step` metadata (100, 200) numbers them,
    config.json (n_head 2, no tie_word_embeddings: transformers' default ties wte and lm_head), expected.json.
fixtures/safetensors/families/run-vit/        two timm ViT checkpoints (epoch-1, epoch-2), no config, expected.json.
fixtures/hub/models--weightscale--tiny-pythia/  a hub cache: blobs/<sha256>, snapshots/<commit>/{config.json,
    model.safetensors | model.safetensors.index.json + 2 shards} symlinked into blobs, refs main, step0, step500,
    step1000, step1500-tokens6B (written in that naming on purpose: name order is not step order); expected.json.
fixtures/bad/st-hub-*/                       hub caches that must be refused (cases.json entries replaced).

expected.json: per checkpoint transition, RWC = sum|w_t - w_{t-1}| / sum|w_{t-1}| in float64 of each weight tensor,
and of each q/k/v part of the fused projections, sliced with numpy as the family lays them out.
safetensors files are written with struct + json (the `safetensors` package is not needed).
"""
import hashlib
import json
import os
import shutil
import struct

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
FAM = os.path.join(ROOT, 'fixtures', 'safetensors', 'families')
HUB = os.path.join(ROOT, 'fixtures', 'hub')
BAD = os.path.join(ROOT, 'fixtures', 'bad')


def st_bytes(tensors, metadata=None):
    """tensors: list of (name, np.ndarray float32). Header in the given order, data back to back."""
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    pos = 0
    for name, a in tensors:
        header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [pos, pos + a.nbytes]}
        pos += a.nbytes
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(a.astype('<f4').tobytes() for _, a in tensors)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb' if isinstance(data, bytes) else 'w') as f:
        f.write(data)


def rwc(a, b):
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    return float(np.abs(b - a).sum() / np.abs(a).sum())


# ---- name lists --------------------------------------------------------------------------------------------------

def llama(prefix='model', d=16, kv=8, inter=32, vocab=32, layers=2, bias=False, head=True):
    t = [(f'{prefix}.embed_tokens.weight', [vocab, d])]
    for i in range(layers):
        p = f'{prefix}.layers.{i}'
        for n, o in (('q_proj', d), ('k_proj', kv), ('v_proj', kv)):
            t.append((f'{p}.self_attn.{n}.weight', [o, d]))
            if bias:
                t.append((f'{p}.self_attn.{n}.bias', [o]))
        t += [(f'{p}.self_attn.o_proj.weight', [d, d]), (f'{p}.mlp.gate_proj.weight', [inter, d]),
              (f'{p}.mlp.up_proj.weight', [inter, d]), (f'{p}.mlp.down_proj.weight', [d, inter]),
              (f'{p}.input_layernorm.weight', [d]), (f'{p}.post_attention_layernorm.weight', [d])]
    t.append((f'{prefix}.norm.weight', [d]))
    if head:
        t.append(('lm_head.weight', [vocab, d]))
    return t


def gpt2(d=8, vocab=16, ctx=8, layers=2):
    t = [('transformer.wte.weight', [vocab, d]), ('transformer.wpe.weight', [ctx, d])]
    for i in range(layers):
        p = f'transformer.h.{i}'
        t += [(f'{p}.ln_1.weight', [d]), (f'{p}.ln_1.bias', [d]),
              (f'{p}.attn.bias', [1, 1, ctx, ctx]),  # the causal mask buffer older transformers saved
              (f'{p}.attn.c_attn.weight', [d, 3 * d]), (f'{p}.attn.c_attn.bias', [3 * d]),
              (f'{p}.attn.c_proj.weight', [d, d]), (f'{p}.attn.c_proj.bias', [d]),
              (f'{p}.ln_2.weight', [d]), (f'{p}.ln_2.bias', [d]),
              (f'{p}.mlp.c_fc.weight', [d, 4 * d]), (f'{p}.mlp.c_fc.bias', [4 * d]),
              (f'{p}.mlp.c_proj.weight', [4 * d, d]), (f'{p}.mlp.c_proj.bias', [d])]
    t += [('transformer.ln_f.weight', [d]), ('transformer.ln_f.bias', [d])]
    return t


def neox(d=8, heads=2, vocab=16, layers=2):
    t = [('gpt_neox.embed_in.weight', [vocab, d])]
    for i in range(layers):
        p = f'gpt_neox.layers.{i}'
        t += [(f'{p}.input_layernorm.weight', [d]), (f'{p}.input_layernorm.bias', [d]),
              (f'{p}.post_attention_layernorm.weight', [d]), (f'{p}.post_attention_layernorm.bias', [d]),
              (f'{p}.attention.rotary_emb.inv_freq', [d // heads // 2]),
              (f'{p}.attention.query_key_value.weight', [3 * d, d]), (f'{p}.attention.query_key_value.bias', [3 * d]),
              (f'{p}.attention.dense.weight', [d, d]), (f'{p}.attention.dense.bias', [d]),
              (f'{p}.mlp.dense_h_to_4h.weight', [4 * d, d]), (f'{p}.mlp.dense_h_to_4h.bias', [4 * d]),
              (f'{p}.mlp.dense_4h_to_h.weight', [d, 4 * d]), (f'{p}.mlp.dense_4h_to_h.bias', [d])]
    t += [('gpt_neox.final_layer_norm.weight', [d]), ('gpt_neox.final_layer_norm.bias', [d]), ('embed_out.weight', [vocab, d])]
    return t


def bert(d=8, vocab=16, ctx=8, layers=2):
    t = [('bert.embeddings.word_embeddings.weight', [vocab, d]), ('bert.embeddings.position_embeddings.weight', [ctx, d]),
         ('bert.embeddings.token_type_embeddings.weight', [2, d]),
         ('bert.embeddings.LayerNorm.weight', [d]), ('bert.embeddings.LayerNorm.bias', [d])]
    for i in range(layers):
        p = f'bert.encoder.layer.{i}'
        for n in ('query', 'key', 'value'):
            t += [(f'{p}.attention.self.{n}.weight', [d, d]), (f'{p}.attention.self.{n}.bias', [d])]
        t += [(f'{p}.attention.output.dense.weight', [d, d]), (f'{p}.attention.output.dense.bias', [d]),
              (f'{p}.attention.output.LayerNorm.weight', [d]), (f'{p}.attention.output.LayerNorm.bias', [d]),
              (f'{p}.intermediate.dense.weight', [4 * d, d]), (f'{p}.intermediate.dense.bias', [4 * d]),
              (f'{p}.output.dense.weight', [d, 4 * d]), (f'{p}.output.dense.bias', [d]),
              (f'{p}.output.LayerNorm.weight', [d]), (f'{p}.output.LayerNorm.bias', [d])]
    t += [('bert.pooler.dense.weight', [d, d]), ('bert.pooler.dense.bias', [d])]
    return t


def vit(d=8, patches=4, layers=2, classes=3):
    t = [('cls_token', [1, 1, d]), ('pos_embed', [1, patches + 1, d]),
         ('patch_embed.proj.weight', [d, 3, 4, 4]), ('patch_embed.proj.bias', [d])]
    for i in range(layers):
        p = f'blocks.{i}'
        t += [(f'{p}.norm1.weight', [d]), (f'{p}.norm1.bias', [d]),
              (f'{p}.attn.qkv.weight', [3 * d, d]), (f'{p}.attn.qkv.bias', [3 * d]),
              (f'{p}.attn.proj.weight', [d, d]), (f'{p}.attn.proj.bias', [d]), (f'{p}.ls1.gamma', [d]),
              (f'{p}.norm2.weight', [d]), (f'{p}.norm2.bias', [d]),
              (f'{p}.mlp.fc1.weight', [4 * d, d]), (f'{p}.mlp.fc1.bias', [4 * d]),
              (f'{p}.mlp.fc2.weight', [d, 4 * d]), (f'{p}.mlp.fc2.bias', [d]), (f'{p}.ls2.gamma', [d])]
    t += [('norm.weight', [d]), ('norm.bias', [d]), ('head.weight', [classes, d]), ('head.bias', [classes])]
    return t


def t5(d=8, heads=2, ff=16, vocab=16, buckets=8):
    t = [('shared.weight', [vocab, d])]
    attn = lambda p, kind: [(f'{p}.{kind}.{n}.weight', [d, d]) for n in 'qkvo']
    ffn = lambda p: [(f'{p}.DenseReluDense.wi_0.weight', [ff, d]), (f'{p}.DenseReluDense.wi_1.weight', [ff, d]),
                     (f'{p}.DenseReluDense.wo.weight', [d, ff]), (f'{p}.layer_norm.weight', [d])]
    e = 'encoder.block.0'
    t += attn(f'{e}.layer.0', 'SelfAttention') + [(f'{e}.layer.0.SelfAttention.relative_attention_bias.weight', [buckets, heads]),
                                                  (f'{e}.layer.0.layer_norm.weight', [d])] + ffn(f'{e}.layer.1')
    t.append(('encoder.final_layer_norm.weight', [d]))
    x = 'decoder.block.0'
    t += attn(f'{x}.layer.0', 'SelfAttention') + [(f'{x}.layer.0.SelfAttention.relative_attention_bias.weight', [buckets, heads]),
                                                  (f'{x}.layer.0.layer_norm.weight', [d])]
    t += attn(f'{x}.layer.1', 'EncDecAttention') + [(f'{x}.layer.1.layer_norm.weight', [d])] + ffn(f'{x}.layer.2')
    t += [('decoder.final_layer_norm.weight', [d]), ('lm_head.weight', [vocab, d])]
    return t


def falcon(d=8, heads=2, vocab=16, layers=2):
    hd = d // heads
    t = [('transformer.word_embeddings.weight', [vocab, d])]
    for i in range(layers):
        p = f'transformer.h.{i}'
        t += [(f'{p}.input_layernorm.weight', [d]), (f'{p}.input_layernorm.bias', [d]),
              (f'{p}.self_attention.query_key_value.weight', [d + 2 * hd, d]),  # multi-query: heads of q, one k, one v
              (f'{p}.self_attention.dense.weight', [d, d]),
              (f'{p}.mlp.dense_h_to_4h.weight', [4 * d, d]), (f'{p}.mlp.dense_4h_to_h.weight', [d, 4 * d])]
    return t + [('transformer.ln_f.weight', [d]), ('transformer.ln_f.bias', [d])]


def mpt(d=8, vocab=16, layers=2):
    t = [('transformer.wte.weight', [vocab, d])]
    for i in range(layers):
        p = f'transformer.blocks.{i}'
        t += [(f'{p}.norm_1.weight', [d]), (f'{p}.attn.Wqkv.weight', [3 * d, d]), (f'{p}.attn.out_proj.weight', [d, d]),
              (f'{p}.norm_2.weight', [d]), (f'{p}.ffn.up_proj.weight', [4 * d, d]), (f'{p}.ffn.down_proj.weight', [d, 4 * d])]
    return t + [('transformer.norm_f.weight', [d])]


def phi(d=8, vocab=16, layers=2):
    t = [('model.embed_tokens.weight', [vocab, d])]
    for i in range(layers):
        p = f'model.layers.{i}'
        t += [(f'{p}.input_layernorm.weight', [d]), (f'{p}.input_layernorm.bias', [d])]
        for n in ('q_proj', 'k_proj', 'v_proj', 'dense'):
            t += [(f'{p}.self_attn.{n}.weight', [d, d]), (f'{p}.self_attn.{n}.bias', [d])]
        t += [(f'{p}.mlp.fc1.weight', [4 * d, d]), (f'{p}.mlp.fc1.bias', [4 * d]),
              (f'{p}.mlp.fc2.weight', [d, 4 * d]), (f'{p}.mlp.fc2.bias', [d])]
    return t + [('model.final_layernorm.weight', [d]), ('model.final_layernorm.bias', [d]),
                ('lm_head.weight', [vocab, d]), ('lm_head.bias', [vocab])]


FAMILIES = {
    'llama': ({'model_type': 'llama', 'num_attention_heads': 4, 'tie_word_embeddings': False}, llama()),
    'qwen2': ({'model_type': 'qwen2', 'num_attention_heads': 4, 'tie_word_embeddings': True}, llama(bias=True, head=False)),
    'gpt2': ({'model_type': 'gpt2', 'n_head': 2}, gpt2()),
    'gpt-neox': ({'model_type': 'gpt_neox', 'num_attention_heads': 2, 'tie_word_embeddings': False}, neox()),
    'bert': ({'model_type': 'bert', 'num_attention_heads': 2}, bert()),
    'vit': (None, vit()),
    't5': ({'model_type': 't5', 'num_heads': 2, 'tie_word_embeddings': False}, t5()),
    'falcon': ({'model_type': 'falcon', 'num_attention_heads': 2}, falcon()),
    'mpt': ({'model_type': 'mpt', 'n_heads': 2}, mpt()),
    'phi': ({'model_type': 'phi', 'num_attention_heads': 2, 'tie_word_embeddings': False}, phi()),
}


def write_names():
    for fam, (config, tensors) in FAMILIES.items():
        rows = ',\n'.join(json.dumps([n, 'F32', s]) for n, s in tensors)
        write(os.path.join(FAM, f'{fam}.json'), '{"config": ' + json.dumps(config) + ', "tensors": [\n' + rows + '\n]}\n')


# ---- runs with values ----------------------------------------------------------------------------------------------

def states(tensors, count, seed):
    rng = np.random.default_rng(seed)
    s = [{n: rng.standard_normal(shape).astype(np.float32) for n, shape in tensors}]
    for _ in range(count - 1):
        s.append({n: (a + 0.1 * rng.standard_normal(a.shape)).astype(np.float32) for n, a in s[-1].items()})
    return s


def parts_gpt2(w, b):
    d = w.shape[0]
    return {p: (w[:, i * d:(i + 1) * d], b[i * d:(i + 1) * d]) for i, p in enumerate('qkv')}


def parts_rows(w, b):
    d = w.shape[1]
    return {p: (w[i * d:(i + 1) * d], b[i * d:(i + 1) * d]) for i, p in enumerate('qkv')}


def parts_neox(w, b, heads):
    d = w.shape[1]
    hd = d // heads
    wr = w.reshape(heads, 3, hd, d)
    br = b.reshape(heads, 3, hd)
    return {p: (wr[:, i], br[:, i]) for i, p in enumerate('qkv')}


def expected(ss, qkv):
    """qkv: {layer: (weight name, bias name, splitter)}."""
    out = {'tensors': {}, 'parts': {}}
    for name in ss[0]:
        out['tensors'][name] = [rwc(a[name], b[name]) for a, b in zip(ss, ss[1:])]
    for layer, (wn, bn, split) in qkv.items():
        for p in 'qkv':
            pw = [rwc(split(a[wn], a[bn])[p][0], split(b[wn], b[bn])[p][0]) for a, b in zip(ss, ss[1:])]
            pall = [rwc(np.concatenate([split(a[wn], a[bn])[p][0].ravel(), split(a[wn], a[bn])[p][1].ravel()]),
                        np.concatenate([split(b[wn], b[bn])[p][0].ravel(), split(b[wn], b[bn])[p][1].ravel()]))
                    for a, b in zip(ss, ss[1:])]
            out['parts'][f'{layer}[{p}]'] = {'weight': pw, 'all': pall}
    return out


def write_runs():
    config, tensors = FAMILIES['gpt2']
    ss = states(tensors, 2, 1)
    d = os.path.join(FAM, 'run-gpt2')
    for step, s in zip((100, 200), ss):
        write(os.path.join(d, f'gpt2-{step // 100}.safetensors'), st_bytes(list(s.items()), {'step': str(step), 'format': 'pt'}))
    write(os.path.join(d, 'config.json'), json.dumps(config) + '\n')
    qkv = {f'transformer.h.{i}.attn.c_attn': (f'transformer.h.{i}.attn.c_attn.weight', f'transformer.h.{i}.attn.c_attn.bias', parts_gpt2) for i in range(2)}
    write(os.path.join(d, 'expected.json'), json.dumps(expected(ss, qkv), indent=1) + '\n')

    _, tensors = FAMILIES['vit']
    ss = states(tensors, 2, 2)
    d = os.path.join(FAM, 'run-vit')
    for e, s in zip((1, 2), ss):
        write(os.path.join(d, f'epoch-{e}.safetensors'), st_bytes(list(s.items())))
    qkv = {f'blocks.{i}.attn.qkv': (f'blocks.{i}.attn.qkv.weight', f'blocks.{i}.attn.qkv.bias', parts_rows) for i in range(2)}
    write(os.path.join(d, 'expected.json'), json.dumps(expected(ss, qkv), indent=1) + '\n')


# ---- the hub cache ---------------------------------------------------------------------------------------------

def blob(root, data):
    if isinstance(data, str):
        data = data.encode()
    sha = hashlib.sha256(data).hexdigest()
    write(os.path.join(root, 'blobs', sha), data)
    return sha


def snapshot(root, commit, files):
    """files: {name: bytes or str}; each becomes a blob and a relative symlink, as huggingface_hub lays them out."""
    snap = os.path.join(root, 'snapshots', commit)
    os.makedirs(snap, exist_ok=True)
    for name, data in files.items():
        os.symlink(os.path.join('..', '..', 'blobs', blob(root, data)), os.path.join(snap, name))


def ref(root, name, commit):
    write(os.path.join(root, 'refs', name), commit)


def write_hub():
    shutil.rmtree(HUB, ignore_errors=True)
    root = os.path.join(HUB, 'models--weightscale--tiny-pythia')
    config, tensors = FAMILIES['gpt-neox']
    cfg = json.dumps(config) + '\n'
    ss = states(tensors, 4, 3)
    refs = ['step0', 'step500', 'step1000', 'step1500-tokens6B']
    for k, (r, s) in enumerate(zip(refs, ss)):
        commit = hashlib.sha1(r.encode()).hexdigest()
        items = list(s.items())
        if k == 2:  # sharded: index + two shards, every file a symlink into blobs/
            half = len(items) // 2
            shards = {'model-00001-of-00002.safetensors': items[:half], 'model-00002-of-00002.safetensors': items[half:]}
            index = {'metadata': {'total_size': sum(a.nbytes for _, a in items)},
                     'weight_map': {n: f for f, part in shards.items() for n, _ in part}}
            files = {f: st_bytes(part) for f, part in shards.items()}
            files['model.safetensors.index.json'] = json.dumps(index)
        else:
            files = {'model.safetensors': st_bytes(items)}
        files['config.json'] = cfg
        snapshot(root, commit, files)
        ref(root, r, commit)
        if k == 3:
            ref(root, 'main', commit)
    qkv = {f'gpt_neox.layers.{i}.attention.query_key_value': (f'gpt_neox.layers.{i}.attention.query_key_value.weight',
                                                             f'gpt_neox.layers.{i}.attention.query_key_value.bias',
                                                             lambda w, b: parts_neox(w, b, config['num_attention_heads']))
           for i in range(2)}
    write(os.path.join(HUB, 'expected.json'), json.dumps({'refs': refs, **expected(ss, qkv)}, indent=1) + '\n')


def write_bad_hub():
    cases = []
    for d in os.listdir(BAD):
        if d.startswith('st-hub-'):
            shutil.rmtree(os.path.join(BAD, d))
    w = st_bytes([('a', np.ones((2, 2), np.float32))])
    commit = 'c' * 40

    root = os.path.join(BAD, 'st-hub-link-out')
    write(os.path.join(root, 'outside.safetensors'), w)
    snap = os.path.join(root, 'snapshots', commit)
    os.makedirs(snap)
    os.makedirs(os.path.join(root, 'blobs'))
    write(os.path.join(snap, 'model.safetensors.index.json'), json.dumps({'weight_map': {'a': 'model-00001-of-00001.safetensors'}}))
    os.symlink(os.path.join('..', '..', 'outside.safetensors'), os.path.join(snap, 'model-00001-of-00001.safetensors'))
    ref(root, 'step1', commit)
    cases.append({'file': 'st-hub-link-out/refs/step1', 'expect': ['"model-00001-of-00001.safetensors"', 'symlink'],
                  'note': "a shard symlinked outside the cache's blobs/"})

    root = os.path.join(BAD, 'st-hub-bad-ref')
    os.makedirs(os.path.join(root, 'snapshots'))
    open(os.path.join(root, 'snapshots', '.gitkeep'), 'w').close()  # git keeps no empty folder
    ref(root, 'step1', '../../../etc')
    cases.append({'file': 'st-hub-bad-ref/refs/step1', 'expect': ['does not hold a commit id'], 'note': 'a ref holding a path'})

    root = os.path.join(BAD, 'st-hub-no-snapshot')
    os.makedirs(os.path.join(root, 'snapshots'))
    open(os.path.join(root, 'snapshots', '.gitkeep'), 'w').close()  # git keeps no empty folder
    ref(root, 'step1', commit)
    cases.append({'file': 'st-hub-no-snapshot/refs/step1', 'expect': [f'snapshots/{commit}', 'not in the cache'],
                  'note': 'a ref naming a commit the cache does not hold'})

    path = os.path.join(BAD, 'cases.json')
    with open(path) as f:
        kept = [c for c in json.load(f) if not c['file'].startswith('st-hub-')]
    with open(path, 'w') as f:
        f.write(json.dumps(kept + cases, indent=2) + '\n')


def main():
    shutil.rmtree(FAM, ignore_errors=True)
    write_names()
    write_runs()
    write_hub()
    write_bad_hub()


if __name__ == '__main__':
    main()
