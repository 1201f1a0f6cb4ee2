import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexSafetensorsCheckpoint } from '../../src/safetensors/checkpoint.js';
import { InputError } from '../../src/errors.js';
import { f32, safetensorsBytes, tempDir } from './helpers.js';

function assertRefused(file: string, expect: string[]): void {
  assert.throws(
    () => indexSafetensorsCheckpoint(file),
    (e: unknown) => {
      assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
      assert.ok(!e.message.includes('\n'), 'one-line message');
      assert.ok(e.message.startsWith(file), `names the file: ${e.message}`);
      for (const s of expect) assert.ok(e.message.includes(s), `"${e.message}" should contain "${s}"`);
      return true;
    },
  );
}

/** A sharded checkpoint in a temp dir whose index names `shard` for tensor "a". */
function shardedWith(root: string, shard: string): string {
  const ckpt = path.join(root, 'ckpt');
  fs.mkdirSync(ckpt, { recursive: true });
  fs.writeFileSync(path.join(ckpt, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { a: shard } }));
  return ckpt;
}

const shardBytes = () => safetensorsBytes([{ name: 'a', dtype: 'F32', shape: [2], data: f32([1, 2]) }]);

test('a shard that is a symlink, has two hard links, or sits behind a symlinked directory is refused', (t) => {
  const root = tempDir('st', t);
  const ckpt = shardedWith(root, 'model-1.safetensors');
  fs.writeFileSync(path.join(root, 'outside.safetensors'), shardBytes());
  fs.symlinkSync(path.join(root, 'outside.safetensors'), path.join(ckpt, 'model-1.safetensors'));
  assertRefused(ckpt, ['"model-1.safetensors"', 'symlink']);

  fs.unlinkSync(path.join(ckpt, 'model-1.safetensors'));
  fs.linkSync(path.join(root, 'outside.safetensors'), path.join(ckpt, 'model-1.safetensors'));
  assertRefused(ckpt, ['"model-1.safetensors"', '2 hard links']);

  fs.unlinkSync(path.join(ckpt, 'model-1.safetensors'));
  fs.mkdirSync(path.join(root, 'elsewhere'));
  fs.writeFileSync(path.join(root, 'elsewhere', 'model-1.safetensors'), shardBytes());
  fs.symlinkSync(path.join(root, 'elsewhere'), path.join(ckpt, 'sub'));
  fs.writeFileSync(path.join(ckpt, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { a: 'sub/model-1.safetensors' } }));
  assertRefused(ckpt, ['"sub/model-1.safetensors"', 'escapes the checkpoint directory']);
});

test('a shard in a real subdirectory, and a name going down and back up inside the directory, are allowed', (t) => {
  const root = tempDir('st', t);
  const ckpt = shardedWith(root, 'parts/../parts/model-1.safetensors');
  fs.mkdirSync(path.join(ckpt, 'parts'));
  fs.writeFileSync(path.join(ckpt, 'parts', 'model-1.safetensors'), shardBytes());
  const ix = indexSafetensorsCheckpoint(ckpt);
  assert.deepEqual(ix.tensors.get('a')!.storage, {
    kind: 'file',
    path: path.join(ckpt, 'parts', 'model-1.safetensors'),
    offset: 8 + JSON.stringify({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }).length,
    bytes: 8,
  });
});

test('a shard tensor missing from the weight_map is an error naming tensor and shard', (t) => {
  const root = tempDir('st', t);
  const ckpt = shardedWith(root, 'm.safetensors');
  fs.writeFileSync(
    path.join(ckpt, 'm.safetensors'),
    safetensorsBytes([
      { name: 'a', dtype: 'F32', shape: [2], data: f32([1, 2]) },
      { name: 'extra', dtype: 'F32', shape: [1], data: f32([3]) },
    ]),
  );
  assertRefused(ckpt, ['tensor "extra"', '"m.safetensors"', 'missing from the weight_map']);
});
