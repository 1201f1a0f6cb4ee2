#!/usr/bin/python3
"""A Llama-shaped run for the large-run benchmark (dev-time only; tens of GB: write it under /tmp, delete it after).

    /usr/bin/python3 scripts/make-llama-run.py /tmp/llama7b [--blocks 32] [--hidden 4096] [--intermediate 11008]
        [--vocab 32000] [--steps 1000,2000,3000] [--shard-gb 5]

Writes OUT/checkpoint-<step>/ as the Hugging Face Trainer does: config.json, model.safetensors.index.json and
model-0000i-of-0000n.safetensors shards, BF16, Llama names (model.embed_tokens, model.layers.N.self_attn.q_proj, ...,
model.norm, lm_head). No training: values come from a seeded 64 MiB pool of normal(0, 0.02) BF16 values, each tensor
reading it from its own offset, and each later checkpoint flips the two lowest mantissa bits of a seeded share of
them (finite values stay finite), so every tensor changes a little at every step. Norm weights start at 1.
"""
import argparse
import json
import os
import zlib

import numpy as np

POOL = 32 * 2 ** 20  # BF16 values (64 MiB)


def tensors(a):
    h, i, v = a.hidden, a.intermediate, a.vocab
    yield 'model.embed_tokens.weight', [v, h]
    for b in range(a.blocks):
        p = f'model.layers.{b}'
        yield f'{p}.input_layernorm.weight', [h]
        for name in ('q_proj', 'k_proj', 'v_proj', 'o_proj'):
            yield f'{p}.self_attn.{name}.weight', [h, h]
        yield f'{p}.post_attention_layernorm.weight', [h]
        yield f'{p}.mlp.gate_proj.weight', [i, h]
        yield f'{p}.mlp.up_proj.weight', [i, h]
        yield f'{p}.mlp.down_proj.weight', [h, i]
    yield 'model.norm.weight', [h]
    yield 'lm_head.weight', [v, h]


def pools(steps, seed=0):
    rng = np.random.default_rng(seed)
    base = (rng.standard_normal(POOL, dtype=np.float32) * 0.02).view(np.uint32) >> 16
    base = base.astype(np.uint16)
    ones = np.full(POOL, 0x3F80, dtype=np.uint16)
    out = []
    for t in range(len(steps)):
        flips = np.zeros(POOL, dtype=np.uint16) if t == 0 else (rng.integers(0, 4, POOL, dtype=np.uint16) * (rng.random(POOL) < 0.5))
        drift = np.uint16(0) if t == 0 else np.uint16(t & 3)
        out.append((base ^ flips, ones ^ (flips & 1) ^ drift))
    return out


def write_checkpoint(path, a, shard_bytes, pool, norm_pool):
    os.makedirs(path, exist_ok=True)
    plan, shard, size = [], [], 0
    for name, shape in tensors(a):
        n = int(np.prod(shape)) * 2
        if shard and size + n > shard_bytes:
            plan.append(shard)
            shard, size = [], 0
        shard.append((name, shape))
        size += n
    plan.append(shard)
    weight_map, total = {}, 0
    for k, members in enumerate(plan):
        fname = f'model-{k + 1:05d}-of-{len(plan):05d}.safetensors'
        header, offset = {'__metadata__': {'format': 'pt'}}, 0
        for name, shape in members:
            n = int(np.prod(shape)) * 2
            header[name] = {'dtype': 'BF16', 'shape': shape, 'data_offsets': [offset, offset + n]}
            offset += n
            weight_map[name] = fname
        text = json.dumps(header).encode()
        text += b' ' * (-len(text) % 8)
        with open(os.path.join(path, fname), 'wb') as f:
            f.write(len(text).to_bytes(8, 'little'))
            f.write(text)
            for idx, (name, shape) in enumerate(members):
                count = int(np.prod(shape))
                src = norm_pool if len(shape) == 1 else pool
                start = zlib.crc32(name.encode()) % POOL
                while count > 0:
                    take = min(count, POOL - start)
                    f.write(src[start:start + take].tobytes())
                    count -= take
                    start = 0
        total += offset
    with open(os.path.join(path, 'model.safetensors.index.json'), 'w') as f:
        json.dump({'metadata': {'total_size': total}, 'weight_map': dict(sorted(weight_map.items()))}, f)
    with open(os.path.join(path, 'config.json'), 'w') as f:
        json.dump({'model_type': 'llama', 'hidden_size': a.hidden, 'intermediate_size': a.intermediate,
                   'num_hidden_layers': a.blocks, 'num_attention_heads': a.hidden // 128, 'vocab_size': a.vocab,
                   'tie_word_embeddings': False, 'torch_dtype': 'bfloat16'}, f)
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--blocks', type=int, default=32)
    ap.add_argument('--hidden', type=int, default=4096)
    ap.add_argument('--intermediate', type=int, default=11008)
    ap.add_argument('--vocab', type=int, default=32000)
    ap.add_argument('--steps', default='1000,2000,3000')
    ap.add_argument('--shard-gb', type=float, default=5)
    a = ap.parse_args()
    steps = [int(s) for s in a.steps.split(',')]
    for step, (pool, norm_pool) in zip(steps, pools(steps)):
        total = write_checkpoint(os.path.join(a.out, f'checkpoint-{step}'), a, int(a.shard_gb * 2 ** 30), pool, norm_pool)
        print(f'checkpoint-{step}: {total / 1e9:.1f} GB')


if __name__ == '__main__':
    main()
