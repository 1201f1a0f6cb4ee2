#!/usr/bin/python3
"""A small GPT-2-shaped language model trained for real, saved as the Hugging Face Trainer saves (dev-time only: for
screenshots and trying the transformer report by hand).

    /usr/bin/python3 scripts/make-gpt-run.py /tmp/gpt-run [--blocks 6] [--hidden 64] [--steps 400] [--every 40]

Writes OUT/checkpoint-<step>/model.safetensors (+ config.json) with GPT-2's names and layouts (Conv1D weights
[in, out], fused c_attn q|k|v, tied wte/lm_head), trained with AdamW on a seeded synthetic token stream (a noisy
modular-arithmetic sequence), so the role curves show real training dynamics. Needs torch; uses the `safetensors`
package when installed, else the stand-in writer in scripts/readme-shims/.
"""
import argparse
import json
import math
import os
import sys

import torch
from torch import nn

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'readme-shims'))
from safetensors.torch import save_file  # noqa: E402


class Conv1D(nn.Module):
    """GPT-2's linear layer: weight [in, out]."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out) * 0.02)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(d)
        self.attn = nn.Module()
        self.attn.c_attn = Conv1D(d, 3 * d)
        self.attn.c_proj = Conv1D(d, d)
        self.ln_2 = nn.LayerNorm(d)
        self.mlp = nn.Module()
        self.mlp.c_fc = Conv1D(d, 4 * d)
        self.mlp.c_proj = Conv1D(4 * d, d)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.attn.c_attn(self.ln_1(x)).split(d, dim=2)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)
        att = att.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float('-inf')).softmax(-1)
        x = x + self.attn.c_proj((att @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.mlp.c_proj(nn.functional.gelu(self.mlp.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, vocab, ctx, d, blocks, heads):
        super().__init__()
        self.transformer = nn.Module()
        self.transformer.wte = nn.Embedding(vocab, d)
        self.transformer.wpe = nn.Embedding(ctx, d)
        self.transformer.h = nn.ModuleList([Block(d, heads) for _ in range(blocks)])
        self.transformer.ln_f = nn.LayerNorm(d)
        nn.init.normal_(self.transformer.wte.weight, std=0.02)
        nn.init.normal_(self.transformer.wpe.weight, std=0.01)

    def forward(self, idx):
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(idx.shape[1]))
        for block in self.transformer.h:
            x = block(x)
        return self.transformer.ln_f(x) @ self.transformer.wte.weight.T


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--blocks', type=int, default=6)
    ap.add_argument('--hidden', type=int, default=64)
    ap.add_argument('--steps', type=int, default=400)
    ap.add_argument('--every', type=int, default=40)
    a = ap.parse_args()
    torch.manual_seed(0)
    vocab, ctx = 97, 32
    model = GPT(vocab, ctx, a.hidden, a.blocks, heads=4)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    config = {'model_type': 'gpt2', 'n_head': 4, 'n_layer': a.blocks, 'n_embd': a.hidden, 'vocab_size': vocab,
              'tie_word_embeddings': True}

    def save(step):
        d = os.path.join(a.out, f'checkpoint-{step}')
        os.makedirs(d, exist_ok=True)
        state = {k: v.detach().contiguous().clone() for k, v in model.state_dict().items()}
        save_file(state, os.path.join(d, 'model.safetensors'), metadata={'step': str(step)})
        with open(os.path.join(d, 'config.json'), 'w') as f:
            json.dump(config, f)

    save(0)
    for step in range(1, a.steps + 1):
        start = torch.randint(0, vocab, (32, 1))
        stride = torch.randint(1, 7, (32, 1))
        seq = (start + stride * torch.arange(ctx + 1)) % vocab
        seq = torch.where(torch.rand(seq.shape) < 0.05, torch.randint(0, vocab, seq.shape), seq)
        loss = nn.functional.cross_entropy(model(seq[:, :-1]).reshape(-1, vocab), seq[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % a.every == 0:
            save(step)
            print(f'step {step}: loss {loss.item():.3f}')


if __name__ == '__main__':
    main()
