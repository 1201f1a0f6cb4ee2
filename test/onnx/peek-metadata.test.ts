import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeModelAtomic } from '../../src/onnx/encode.js';
import { peekMetadata } from '../../src/onnx/peek-metadata.js';
import { emptyGraph, floatTensor, modelWith, repoRoot} from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

test('peekMetadata reads metadata_props of files written by encodeModel and by the onnx package', (t) => {
  const dir = tempDir('onnx', t);
  const file = path.join(dir, 'epoch-004.onnx');
  const metadata = { 'weightscale.epoch': '4', 'weightscale.run': 'rün', empty: '' };
  writeModelAtomic(file, modelWith(emptyGraph([floatTensor('w', [64, 3, 3, 3]), floatTensor('b', [64])]), metadata));
  assert.deepEqual(peekMetadata(file), metadata);
  assert.deepEqual(peekMetadata(path.join(repoRoot, 'fixtures', 'onnx', 'reference.onnx')), {
    'weightscale.epoch': '7',
    'weightscale.run': 'reference',
  });
  fs.writeFileSync(file, 'not a model at all');
  assert.equal(peekMetadata(file), null);
});
