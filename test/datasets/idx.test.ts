import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { parseIdx } from '../../src/datasets/idx.js';
import { loadDataDir } from '../../src/datasets/data-dir.js';
import { idxBytes, pixel, writeIdxDir } from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

test('parseIdx reads dims and data', () => {
  const parsed = parseIdx(idxBytes([2, 3], Uint8Array.of(1, 2, 3, 4, 5, 6)), 'x');
  assert.deepEqual(parsed.dims, [2, 3]);
  assert.deepEqual([...parsed.data], [1, 2, 3, 4, 5, 6]);
});

test('parseIdx rejects bad magic, unsupported dtype, truncated header and wrong data length', () => {
  const good = idxBytes([2, 2], Uint8Array.of(1, 2, 3, 4));
  const badMagic = good.slice();
  badMagic[0] = 0x1f;
  assert.throws(() => parseIdx(badMagic, 'f.idx'), (e: Error) => e instanceof InputError && /f\.idx: bad IDX magic 1f 00 08 02/.test(e.message));
  const intData = good.slice();
  intData[2] = 0x0c;
  assert.throws(() => parseIdx(intData, 'f'), /IDX dtype 0x0c is not supported/);
  assert.throws(() => parseIdx(good.subarray(0, 7), 'f'), /truncated IDX header/);
  assert.throws(() => parseIdx(good.subarray(0, good.length - 1), 'f'), /declares \[2 x 2\] = 4 bytes of data but the file has 3/);
  const extra = new Uint8Array(good.length + 1);
  extra.set(good);
  assert.throws(() => parseIdx(extra, 'f'), /= 4 bytes of data but the file has 5/);
});

function checkIdxDataset(dir: string): void {
  const d = loadDataDir(dir);
  assert.equal(d.name, 'idx');
  assert.deepEqual(d.shape, [1, 3, 4]);
  assert.equal(d.classes, 10);
  assert.equal(d.train.count, 12);
  assert.equal(d.test.count, 5);
  assert.deepEqual([...d.train.labels], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  assert.deepEqual([...d.test.labels], [0, 1, 2, 3, 4]);
  // Normalised with the training file's own statistics: the training images have mean ~0 and std ~1.
  let sum = 0;
  let sumSq = 0;
  for (const v of d.train.images) {
    sum += v;
    sumSq += v * v;
  }
  const n = d.train.images.length;
  assert.ok(Math.abs(sum / n) < 1e-5);
  assert.ok(Math.abs(Math.sqrt(sumSq / n - (sum / n) ** 2) - 1) < 1e-5);
  // The mapping is affine and increasing in the raw byte: compare two known pixels.
  const a = d.test.images[2 * 12 + 5]!;
  const b = d.test.images[0]!;
  assert.ok(pixel(2, 5) > pixel(0, 0) ? a > b : a < b);
  assert.match(d.normalization, /^x\/255, then \(x - 0\.\d{4}\) \/ 0\.\d{4} per channel \(mean and std of this training file\)$/);
}

test('an MNIST-format directory loads, uncompressed and gzipped alike', () => {
  const plain = tempDir('idx');
  const gz = tempDir('idxgz');
  try {
    writeIdxDir(plain, { trainCount: 12, testCount: 5, height: 3, width: 4 });
    writeIdxDir(gz, { trainCount: 12, testCount: 5, height: 3, width: 4, gzip: true });
    checkIdxDataset(plain);
    checkIdxDataset(gz);
    assert.deepEqual(loadDataDir(plain).train.images, loadDataDir(gz).train.images);
  } finally {
    rmSync(plain, { recursive: true });
    rmSync(gz, { recursive: true });
  }
});

test('limits keep the first samples of each split', () => {
  const dir = tempDir('idxlim');
  try {
    writeIdxDir(dir, { trainCount: 12, testCount: 5, height: 3, width: 4 });
    const full = loadDataDir(dir);
    const d = loadDataDir(dir, { limitTrain: 7, limitTest: 2 });
    assert.equal(d.train.count, 7);
    assert.equal(d.test.count, 2);
    assert.deepEqual(d.train.images, full.train.images.subarray(0, 7 * 12));
    assert.deepEqual([...d.test.labels], [0, 1]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('label/image count mismatch, missing files, wrong rank and corrupt gzip are clear InputErrors', () => {
  const dir = tempDir('idxbad');
  try {
    writeIdxDir(dir, { trainCount: 6, testCount: 2, height: 2, width: 2 });
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([3], Uint8Array.of(1, 2, 3)));
    assert.throws(() => loadDataDir(dir), (e: Error) => e instanceof InputError && /t10k-labels-idx1-ubyte: 3 labels for 2 images/.test(e.message));

    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([2, 1], Uint8Array.of(1, 2)));
    assert.throws(() => loadDataDir(dir), /expected labels of shape \[n\], got \[2, 1\]/);

    rmSync(join(dir, 't10k-labels-idx1-ubyte'));
    assert.throws(() => loadDataDir(dir), /incomplete MNIST-format directory, missing t10k-labels-idx1-ubyte/);

    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3));
    assert.throws(() => loadDataDir(dir), (e: Error) => e instanceof InputError && /t10k-labels-idx1-ubyte\.gz: cannot gunzip/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('an image file with a header that overstates the count names the file', () => {
  const dir = tempDir('idxcount');
  try {
    writeIdxDir(dir, { trainCount: 4, testCount: 2, height: 2, width: 2 });
    const file = join(dir, 'train-images-idx3-ubyte');
    const bytes = new Uint8Array(readFileSync(file));
    new DataView(bytes.buffer).setUint32(4, 5, false);
    writeFileSync(file, bytes);
    assert.throws(() => loadDataDir(dir), /train-images-idx3-ubyte: IDX header declares \[5 x 2 x 2\] = 20 bytes of data but the file has 16/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a directory without a dataset, or no directory, is an InputError', () => {
  const dir = tempDir('empty');
  try {
    assert.throws(() => loadDataDir(dir), (e: Error) => e instanceof InputError && /no dataset found/.test(e.message));
    assert.throws(() => loadDataDir(join(dir, 'nope')), /not a directory/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
