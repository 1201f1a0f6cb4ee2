import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readModelConfig } from '../../src/checkpoint/model-config.js';
import { InputError } from '../../src/errors.js';

function dirWith(t: { after(fn: () => void): void }, config?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-config-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  if (config !== undefined) fs.writeFileSync(path.join(dir, 'config.json'), config);
  return dir;
}

test('config.json: model_type, heads (num_attention_heads, or GPT-2\'s n_head) and tie_word_embeddings; other types ignored', (t) => {
  assert.deepEqual(readModelConfig(dirWith(t, '{"model_type": "gpt_neox", "num_attention_heads": 8, "tie_word_embeddings": false}')), {
    modelType: 'gpt_neox',
    numAttentionHeads: 8,
    tieWordEmbeddings: false,
  });
  assert.deepEqual(readModelConfig(dirWith(t, '{"model_type": "gpt2", "n_head": 12}')), { modelType: 'gpt2', numAttentionHeads: 12 });
  assert.deepEqual(readModelConfig(dirWith(t, '{"num_attention_heads": "8", "tie_word_embeddings": 1, "model_type": 3}')), {});
  assert.equal(readModelConfig(dirWith(t)), undefined);
});

test('a config.json that is not a JSON object is an InputError naming it', (t) => {
  for (const text of ['{"model_type": ', '[1, 2]']) {
    const dir = dirWith(t, text);
    assert.throws(() => readModelConfig(dir), (e: unknown) => e instanceof InputError && e.message.startsWith(path.join(dir, 'config.json') + ': '));
  }
});
