import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { readModel } from '../../src/onnx/read.js';
import { InputError } from '../../src/errors.js';
import { emptyGraph, floatTensor, modelWith, withoutSources } from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

test('writeModelAtomic writes a readable model and replaces an existing file without leftovers', (t) => {
  const dir = tempDir('onnx', t);
  const file = path.join(dir, 'epoch-001.onnx');
  fs.writeFileSync(file, 'old contents');
  const model = modelWith(emptyGraph([floatTensor('w', [2, 3])]), { 'weightscale.epoch': '1' });
  writeModelAtomic(file, model);
  assert.deepEqual(withoutSources(readModel(file)), model);
  assert.deepEqual(fs.readdirSync(dir), ['epoch-001.onnx']);
});

test('writeModelAtomic into a missing directory is an InputError and leaves nothing behind', (t) => {
  const dir = tempDir('onnx', t);
  const model = modelWith(emptyGraph([floatTensor('w', [2])]));
  assert.throws(() => writeModelAtomic(path.join(dir, 'no', 'such', 'm.onnx'), model), InputError);
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('writeModelAtomic that fails at rename keeps the old target and removes the temp file', (t) => {
  const dir = tempDir('onnx', t);
  const target = path.join(dir, 'target.onnx');
  fs.mkdirSync(target); // renaming a file over a directory fails
  fs.writeFileSync(path.join(target, 'keep'), 'x');
  assert.throws(() => writeModelAtomic(target, modelWith(emptyGraph())), InputError);
  assert.deepEqual(fs.readdirSync(dir), ['target.onnx']);
  assert.deepEqual(fs.readdirSync(target), ['keep']);
});
