import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readModel } from '../../src/onnx/read.js';
import { decodeModel } from '../../src/onnx/decode.js';
import { encodeModel } from '../../src/onnx/encode.js';
import { InputError } from '../../src/errors.js';
import { DataType, type Tensor } from '../../src/onnx/types.js';
import { emptyGraph, floatTensor, modelWith } from './helpers.js';
import { tempDir } from '../util/temp-dir.js';

function assertInputError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one-line message');
    assert.match(e.message, pattern);
    return true;
  });
}

test('readModel: missing file and directory are InputErrors naming the path', (t) => {
  const dir = tempDir('onnx', t);
  assertInputError(() => readModel(path.join(dir, 'nope.onnx')), /nope\.onnx: file not found/);
  assertInputError(() => readModel(dir), /is a directory/);
});

test('random bytes never escape as anything but InputError', () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  for (let i = 0; i < 2000; i++) {
    const bytes = Uint8Array.from({ length: 1 + (i % 64) }, rand);
    try {
      decodeModel(bytes, { source: `random-${i}` });
      assert.fail(`random-${i} decoded as a model`);
    } catch (e) {
      assert.ok(e instanceof InputError, `random-${i}: ${String(e)}`);
      assert.ok(e.message.startsWith(`random-${i}: `));
    }
  }
});

/** The index of `needle` in `hay` (the first), or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function rawBytes(t: Tensor): Uint8Array {
  const f = t.data as Float32Array;
  return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

test('every truncation of a valid model is an InputError or the model cut at a field: whole tensors, in order', () => {
  const tensors = [floatTensor('w', [3, 4]), floatTensor('b', [4])];
  const bytes = encodeModel(modelWith(emptyGraph(tensors)));
  let decoded = 0;
  for (let n = 0; n <= bytes.length; n++) {
    let model;
    try {
      model = decodeModel(bytes.subarray(0, n), { source: 'cut.onnx' });
    } catch (e) {
      assert.ok(e instanceof InputError, `cut at ${n}: ${String(e)}`);
      continue;
    }
    decoded++;
    // What a cut model holds is a leading part of the original initializers, each one complete.
    const got = model.graph.initializers;
    assert.ok(got.length <= tensors.length, `cut at ${n}: ${got.length} initializers`);
    got.forEach((t, i) => {
      assert.equal(t.name, tensors[i]!.name, `cut at ${n}`);
      assert.deepEqual(t.dims, tensors[i]!.dims, `cut at ${n}`);
      assert.deepEqual([...(t.data as Float32Array)], [...(tensors[i]!.data as Float32Array)], `cut at ${n}`);
    });
    if (n === bytes.length) assert.equal(got.length, 2, 'the whole model has both tensors');
  }
  assert.ok(decoded >= 1, 'the whole model decodes');
});

test('flipping single bytes of a valid model yields InputError or a consistent model; flips in the weights change those weights', () => {
  const w = floatTensor('w', [3, 4]);
  const bytes = encodeModel(modelWith(emptyGraph([w]), { k: 'v' }));
  const dataAt = indexOf(bytes, rawBytes(w));
  assert.ok(dataAt > 0, 'the raw data is in the encoding');
  let weightFlips = 0;
  for (let i = 0; i < bytes.length; i++) {
    for (const v of [0x00, 0xff, 0x7f, 0x80]) {
      const copy = Uint8Array.from(bytes);
      copy[i] = v;
      let model;
      try {
        model = decodeModel(copy, { source: 'flip.onnx' });
      } catch (e) {
        assert.ok(e instanceof InputError, `byte ${i} = ${v}: ${String(e)}`);
        continue;
      }
      // A float tensor has as many values as its dims say (a flip that makes the type unknown keeps the raw bytes).
      for (const t of model.graph.initializers.filter((x) => x.dataType === DataType.FLOAT)) {
        const elements = t.dims.reduce((a, b) => a * b, 1);
        assert.ok(t.data instanceof Float32Array, `byte ${i} = ${v}`);
        assert.equal(t.data.length, elements, `byte ${i} = ${v}: ${t.name} has ${t.data.length} values for dims [${t.dims.join(', ')}]`);
      }
      if (i >= dataAt && i < dataAt + rawBytes(w).length) {
        const expected = new Float32Array(copy.slice(dataAt, dataAt + rawBytes(w).length).buffer);
        const t = model.graph.initializers.find((x) => x.name === 'w');
        assert.ok(t !== undefined, `byte ${i} = ${v}: w decoded`);
        assert.deepEqual([...(t.data as Float32Array)], [...expected], `byte ${i} = ${v}`);
        weightFlips++;
      }
    }
  }
  assert.equal(weightFlips, 4 * 48, 'every flip inside the 48 weight bytes decodes');
});

test('deeply nested subgraphs are an InputError, not a stack overflow', () => {
  // Each level is GraphProto.node(1) { NodeProto.attribute(5) { AttributeProto.g(6) { ... } } }, written back to front.
  const levels = 20000;
  const buf = new Uint8Array(levels * 3 * 6 + 16);
  let pos = buf.length;
  const prefix = (tag: number) => {
    const len: number[] = [];
    let n = buf.length - pos;
    while (n > 0x7f) {
      len.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    len.push(n);
    buf.set([tag, ...len], pos - len.length - 1);
    pos -= len.length + 1;
  };
  for (let i = 0; i < levels; i++) for (const tag of [0x32, 0x2a, 0x0a]) prefix(tag);
  prefix(0x3a); // ModelProto.graph
  buf.set([0x08, 0x08], pos - 2); // ir_version 8
  const model = buf.subarray(pos - 2);
  assertInputError(() => decodeModel(model, { source: 'deep.onnx' }), /deep\.onnx: /);
});

test('error messages name the file as given', (t) => {
  const dir = tempDir('onnx', t);
  const file = path.join(dir, 'epoch-003.onnx');
  fs.writeFileSync(file, 'garbage\n');
  assertInputError(() => readModel(file), new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not an ONNX model`));
});
