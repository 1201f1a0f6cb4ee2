import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bin, root, wsAll } from './helpers.js';
import { spawn } from 'node:child_process';

const gpt2 = join(root, 'fixtures/transformers/runs/gpt2-opset14/epoch-000.onnx');
const cnn = join(root, 'fixtures/bn-folding/training/epoch-000.onnx');

test('inspect shows a transformer\'s blocks and its fused q/k/v parts; a CNN\'s table keeps its columns', async () => {
  const [table, json, plain] = await wsAll([['inspect', gpt2], ['inspect', gpt2, '--json'], ['inspect', cnn]]);
  assert.equal(table.status, 0, table.stderr);
  const header = table.stdout.split('\n')[0]!.split(/\s+/);
  assert.deepEqual(header, ['index', 'layer', 'op', 'primitive', 'block', 'weight', 'shape', 'params', 'note']);
  const qkv = table.stdout.split('\n').filter((line) => /c_attn\/MatMul/.test(line));
  assert.equal(qkv.length, 2);
  qkv.forEach((line, b) => assert.match(line, new RegExp(`attention_qkv\\s+${b}\\s.*parts q, k, v$`)));
  const layers = JSON.parse(json.stdout).layers as { primitive: string; block?: number | null; parts?: { part: string; params: number }[] }[];
  const fused = layers.filter((l) => l.primitive === 'attention_qkv');
  // c_attn is [16, 48]: each part holds 16 x 16 weights.
  assert.deepEqual(fused.map((l) => l.parts), [0, 1].map(() => ['q', 'k', 'v'].map((part) => ({ part, params: 256 }))));
  assert.deepEqual(fused.map((l) => l.block), [0, 1]);
  assert.deepEqual(plain.stdout.split('\n')[0]!.split(/\s+/), ['index', 'layer', 'op', 'primitive', 'weight', 'shape', 'params']);
});

test('a reader that stops early (`| head`) ends the command quietly with exit 0, not an EPIPE stack trace', async () => {
  const child = spawn(process.execPath, [bin, 'inspect', gpt2], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  assert.equal(stderr, '');
  assert.equal(status, 0);
});
