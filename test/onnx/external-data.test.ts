import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readModel } from '../../src/onnx/read.js';
import { decodeModel } from '../../src/onnx/decode.js';
import { InputError } from '../../src/errors.js';
import { externalModelBytes, floatBytes} from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

/** Writes `model.onnx` into `dir` pointing at `entries`; returns its path. */
async function writeModel(dir: string, entries: Record<string, string | number>, dims?: number[]): Promise<string> {
  const file = path.join(dir, 'model.onnx');
  fs.writeFileSync(file, await externalModelBytes(entries, dims));
  return file;
}

function assertRefused(file: string, ...expect: string[]): void {
  assert.throws(
    () => readModel(file),
    (e: unknown) => {
      assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
      assert.ok(!e.message.includes('\n'), 'one-line message');
      assert.ok(e.message.includes(file), `names the file: ${e.message}`);
      assert.ok(e.message.includes('tensor "w"'), `names the tensor: ${e.message}`);
      for (const s of expect) assert.ok(e.message.includes(s), `"${e.message}" should contain "${s}"`);
      return true;
    },
  );
}

test('valid external data: offset and length read, relative to the model directory, in a subfolder', async (t) => {
  const dir = tempDir('onnx', t);
  fs.mkdirSync(path.join(dir, 'data'));
  const bin = new Uint8Array(64);
  bin.set(floatBytes([1.5, -2, 3, 0.25]), 20);
  fs.writeFileSync(path.join(dir, 'data', 'w.bin'), bin);
  const file = await writeModel(dir, { location: 'data/./w.bin', offset: 20, length: 16 });
  const m = readModel(file);
  const w = m.graph.initializers[0];
  assert.deepEqual(w.data, Float32Array.from([1.5, -2, 3, 0.25]));
  assert.equal(w.source, 'data/./w.bin@20');
  // a relative path that goes up and comes back down stays inside the directory and is allowed
  const file2 = await writeModel(dir, { location: 'data/../data/w.bin', offset: 20, length: 16 });
  assert.deepEqual(readModel(file2).graph.initializers[0].data, Float32Array.from([1.5, -2, 3, 0.25]));
});

test('external data without a length runs to the end of the file', async (t) => {
  const dir = tempDir('onnx', t);
  fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.concat([Buffer.alloc(4), floatBytes([1, 2, 3, 4])]));
  const file = await writeModel(dir, { location: 'w.bin', offset: 4 });
  assert.deepEqual(readModel(file).graph.initializers[0].data, Float32Array.from([1, 2, 3, 4]));
});

test('a model decoded from memory without baseDir refuses external data', async () => {
  const bytes = await externalModelBytes({ location: 'w.bin', offset: 0, length: 16 });
  assert.throws(() => decodeModel(bytes, { source: 'mem.onnx' }), /mem\.onnx: tensor "w".*no base directory/);
});

test('refuses an external file that is a symlink, even to a file inside the directory', async (t) => {
  const dir = tempDir('onnx', t);
  fs.writeFileSync(path.join(dir, 'real.bin'), floatBytes([1, 2, 3, 4]));
  fs.symlinkSync('real.bin', path.join(dir, 'link.bin'));
  assertRefused(await writeModel(dir, { location: 'link.bin', offset: 0, length: 16 }), 'symlink');
});

test('refuses a symlink pointing outside the model directory', async (t) => {
  const dir = tempDir('onnx', t);
  const outside = tempDir('onnx', t);
  fs.writeFileSync(path.join(outside, 'secret.bin'), floatBytes([1, 2, 3, 4]));
  fs.symlinkSync(path.join(outside, 'secret.bin'), path.join(dir, 'w.bin'));
  assertRefused(await writeModel(dir, { location: 'w.bin', offset: 0, length: 16 }), 'symlink');
});

test('refuses a path through a symlinked directory that leads outside (realpath check)', async (t) => {
  const dir = tempDir('onnx', t);
  const outside = tempDir('onnx', t);
  fs.writeFileSync(path.join(outside, 'secret.bin'), floatBytes([1, 2, 3, 4]));
  fs.symlinkSync(outside, path.join(dir, 'sub'));
  assertRefused(await writeModel(dir, { location: 'sub/secret.bin', offset: 0, length: 16 }), 'escapes');
});

test('allows a model directory that is itself reached through a symlink', async (t) => {
  const base = tempDir('onnx', t);
  fs.mkdirSync(path.join(base, 'real'));
  fs.writeFileSync(path.join(base, 'real', 'w.bin'), floatBytes([1, 2, 3, 4]));
  fs.symlinkSync(path.join(base, 'real'), path.join(base, 'alias'));
  await writeModel(path.join(base, 'real'), { location: 'w.bin', offset: 0, length: 16 });
  const m = readModel(path.join(base, 'alias', 'model.onnx'));
  assert.deepEqual(m.graph.initializers[0].data, Float32Array.from([1, 2, 3, 4]));
});

test('refuses an external file with more than one hard link', async (t) => {
  const dir = tempDir('onnx', t);
  const outside = tempDir('onnx', t);
  fs.writeFileSync(path.join(outside, 'secret.bin'), floatBytes([1, 2, 3, 4]));
  fs.linkSync(path.join(outside, 'secret.bin'), path.join(dir, 'w.bin'));
  assertRefused(await writeModel(dir, { location: 'w.bin', offset: 0, length: 16 }), 'hard links');
});

test('refuses absolute, escaping, missing, short, mismatched and non-file locations', async (t) => {
  const dir = tempDir('onnx', t);
  fs.mkdirSync(path.join(dir, 'a'));
  fs.writeFileSync(path.join(dir, 'short.bin'), new Uint8Array(10));
  fs.writeFileSync(path.join(path.dirname(dir), path.basename(dir) + '-x.bin'), floatBytes([1, 2, 3, 4]));
  t.after(() => fs.rmSync(path.join(path.dirname(dir), path.basename(dir) + '-x.bin'), { force: true }));
  const cases: Array<[Record<string, string | number>, string]> = [
    [{ location: path.join(dir, 'short.bin'), offset: 0, length: 16 }, 'absolute path'],
    [{ location: `../${path.basename(dir)}-x.bin`, offset: 0, length: 16 }, 'escapes'],
    [{ location: `a/../../${path.basename(dir)}-x.bin`, offset: 0, length: 16 }, 'escapes'],
    [{ location: '..', offset: 0, length: 16 }, 'escapes'],
    [{ location: 'nope.bin', offset: 0, length: 16 }, 'not found'],
    [{ location: 'short.bin', offset: 0, length: 16 }, 'too short'],
    [{ location: 'short.bin', offset: 11 }, 'beyond the end'],
    [{ location: 'short.bin', offset: 2, length: 8 }, 'does not match'],
    [{ location: 'short.bin' }, 'does not match'],
    [{ location: 'short.bin', offset: -1, length: 16 }, 'not a valid byte count'],
    [{ location: 'short.bin', offset: '1e3', length: 16 }, 'not a valid byte count'],
    [{ location: 'a', offset: 0, length: 16 }, 'not a regular file'],
    [{ location: '', offset: 0, length: 16 }, 'not a valid file name'],
    [{ offset: 0, length: 16 }, 'no "location"'],
  ];
  for (const [entries, expect] of cases) assertRefused(await writeModel(dir, entries), expect);
});

test('a declared huge external tensor is refused before allocating', async (t) => {
  const dir = tempDir('onnx', t);
  fs.writeFileSync(path.join(dir, 'w.bin'), new Uint8Array(16));
  assertRefused(await writeModel(dir, { location: 'w.bin', offset: 0, length: 4e12 }, [1e6, 1e6]), 'too short');
  assertRefused(await writeModel(dir, { location: 'w.bin', offset: 0 }, [1e6, 1e6]), 'does not match');
});
