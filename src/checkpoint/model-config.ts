/**
 * `readModelConfig(dir)`: the fields of a Hugging Face `config.json` in `dir` that the rules for names use
 * (checkpoint/types.ts ModelConfig), or undefined when there is none. A config.json that is not a JSON object is
 * an InputError naming it; fields of the wrong type are ignored. The file may be a symlink (the hub cache's blobs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { ModelConfig } from './types.js';

const MAX_CONFIG_BYTES = 16 * 2 ** 20;

export function readModelConfig(dir: string): ModelConfig | undefined {
  const file = path.join(dir, 'config.json');
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return undefined;
  if (st.size > MAX_CONFIG_BYTES) throw new InputError(`${file}: config.json of ${st.size} bytes is over the 16 MB limit`);
  return parseModelConfig(fs.readFileSync(file, 'utf8'), file);
}

/** The fields of a `config.json`'s text (`file` names it in errors). */
export function parseModelConfig(text: string, file: string): ModelConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(`${file}: not a JSON object`);
  const c = json as Record<string, unknown>;
  const config: ModelConfig = {};
  if (typeof c['model_type'] === 'string') config.modelType = c['model_type'];
  const heads = c['num_attention_heads'] ?? c['n_head'];
  if (typeof heads === 'number' && Number.isInteger(heads) && heads > 0) config.numAttentionHeads = heads;
  if (typeof c['tie_word_embeddings'] === 'boolean') config.tieWordEmbeddings = c['tie_word_embeddings'];
  return config;
}
