import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexSafetensors } from '../../src/safetensors/file-index.js';
import { indexShardedCheckpoint } from '../../src/safetensors/sharded.js';
import { indexSafetensorsCheckpoint, isSafetensorsPath } from '../../src/safetensors/checkpoint.js';
import { readTensor } from '../../src/checkpoint/read-tensor.js';
import { readModel } from '../../src/onnx/read.js';
import { DataType } from '../../src/onnx/types.js';
import type { TensorEntry } from '../../src/checkpoint/types.js';
import { fixture, readJson, tempDir } from './helpers.js';

type Record_ = Record<string, Record<string, { dtype: string; shape: number[]; offset: number; bytes: number }>>;
const record = readJson<Record_>('record.json');
const WEIGHT_DTYPES: Record<string, DataType> = { F32: DataType.FLOAT, F16: DataType.FLOAT16, BF16: DataType.BFLOAT16, F64: DataType.DOUBLE };

test('every file the python writer wrote: index entries equal its record (dtype, shape, offset, bytes), in data order', () => {
  assert.ok(Object.keys(record).length >= 10);
  for (const [rel, tensors] of Object.entries(record)) {
    const file = fixture(rel);
    const ix = indexSafetensors(file);
    assert.equal(ix.format, 'safetensors');
    assert.equal(ix.path, file);
    const expected = Object.entries(tensors)
      .filter(([, t]) => t.dtype in WEIGHT_DTYPES)
      .sort((a, b) => a[1].offset - b[1].offset || a[1].bytes - b[1].bytes);
    assert.deepEqual([...ix.tensors.keys()], expected.map(([n]) => n), rel);
    for (const [name, t] of expected) {
      const e = ix.tensors.get(name)!;
      assert.equal(e.dataType, WEIGHT_DTYPES[t.dtype], `${rel} ${name}`);
      assert.deepEqual(e.shape, t.shape);
      assert.equal(e.elements, t.shape.reduce((p, d) => p * d, 1));
      assert.deepEqual(e.storage, { kind: 'file', path: file, offset: t.offset, bytes: t.bytes });
    }
  }
});

test('dtypes.safetensors: F32, F16, BF16, F64 (scalar and empty too) read as numpy reads them; I64, U8, BOOL skipped', () => {
  const expected = readJson<{ values: Record<string, number[]>; skipped: string[]; metadata: Record<string, string> }>('dtypes.json');
  const ix = indexSafetensors(fixture('dtypes.safetensors'));
  assert.deepEqual(ix.metadata, expected.metadata);
  assert.deepEqual([...ix.tensors.keys()].sort(), Object.keys(expected.values).sort());
  for (const name of expected.skipped) assert.equal(ix.tensors.has(name), false);
  for (const [name, values] of Object.entries(expected.values)) {
    const data = readTensor(ix.tensors.get(name)!);
    assert.ok(name === 'd.f64' ? data instanceof Float64Array : data instanceof Float32Array, name);
    assert.deepEqual(Array.from(data), values, name);
  }
  assert.deepEqual(ix.tensors.get('h.scalar')!.shape, []);
  assert.equal(ix.tensors.get('h.scalar')!.elements, 1);
  assert.equal(ix.tensors.get('i.empty')!.elements, 0);
});

test('sharded checkpoint-10: tensors from both shards, weight_map order, index + shard metadata, same values as the single file', () => {
  const dir = fixture('run-trainer/checkpoint-10');
  const weightMap: Record<string, string> = readJson<{ weight_map: Record<string, string> }>('run-trainer/checkpoint-10/model.safetensors.index.json').weight_map;
  for (const p of [dir, path.join(dir, 'model.safetensors.index.json')]) {
    const ix = indexShardedCheckpoint(p);
    assert.equal(ix.path, dir);
    const weightsInMapOrder = Object.keys(weightMap).filter((n) => !n.endsWith('num_batches_tracked'));
    assert.deepEqual(ix.order, weightsInMapOrder);
    assert.deepEqual([...ix.tensors.keys()], weightsInMapOrder);
    assert.deepEqual(ix.metadata, { format: 'pt', total_size: '660' });
    for (const [name, e] of ix.tensors) {
      assert.equal(e.storage.kind === 'file' && e.storage.path, path.join(dir, weightMap[name]!));
    }
  }
  const sharded = indexSafetensorsCheckpoint(dir);
  const single = indexSafetensors(fixture('run-files/ckpt-10.safetensors'));
  assert.equal(sharded.tensors.size, single.tensors.size);
  for (const [name, e] of single.tensors) assert.deepEqual(readTensor(sharded.tensors.get(name)!), readTensor(e), name);
});

test('checkpoint directories and paths: model.safetensors in a Trainer dir, a file, an index; isSafetensorsPath', () => {
  const dir = fixture('run-trainer/checkpoint-5');
  const ix = indexSafetensorsCheckpoint(dir);
  assert.equal(ix.path, dir);
  assert.equal(ix.order, undefined);
  assert.equal((ix.tensors.get('fc.weight')!.storage as { path: string }).path, path.join(dir, 'model.safetensors'));
  assert.ok(isSafetensorsPath(dir));
  assert.ok(isSafetensorsPath(fixture('run-files/ckpt-5.safetensors')));
  assert.ok(isSafetensorsPath(fixture('run-trainer/checkpoint-10')));
  assert.equal(isSafetensorsPath(fixture('run-onnx/ckpt-5.onnx')), false);
  assert.equal(isSafetensorsPath(fixture('run-trainer/runs')), false);
});

/** sum |w_t - w_{t-1}| / sum |w_{t-1}| in float64: paper eq. 1 computed here from the read tensors. */
function l1Ratio(prev: ArrayLike<number>, cur: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < prev.length; i++) {
    num += Math.abs(cur[i]! - prev[i]!);
    den += Math.abs(prev[i]!);
  }
  return num / den;
}

test('RWC of every layer over the run read through the index equals numpy (1e-12 relative), single files and Trainer dirs', () => {
  const expected = readJson<{ checkpoints: number[]; rwc: Record<string, number[]> }>('expected-rwc.json');
  const runs = [
    expected.checkpoints.map((s) => indexSafetensorsCheckpoint(fixture(`run-files/ckpt-${s}.safetensors`))),
    expected.checkpoints.map((s) => indexSafetensorsCheckpoint(fixture(`run-trainer/checkpoint-${s}`))),
  ];
  for (const run of runs) {
    for (const [layer, series] of Object.entries(expected.rwc)) {
      const w = run.map((ix) => readTensor(ix.tensors.get(`${layer}.weight`)!));
      series.forEach((r, i) => {
        const got = l1Ratio(w[i]!, w[i + 1]!);
        assert.ok(Math.abs(got - r) <= 1e-12 * Math.abs(r), `${layer} transition ${i}: ${got} vs ${r}`);
      });
    }
  }
});

test('the ONNX export of the same states holds bit-identical weights under the same names', () => {
  for (const step of [0, 15]) {
    const model = readModel(fixture(`run-onnx/ckpt-${step}.onnx`));
    const ix = indexSafetensors(fixture(`run-files/ckpt-${step}.safetensors`));
    const onnxNames = model.graph.initializers.map((t) => t.name).sort();
    assert.deepEqual(onnxNames, [...ix.tensors.keys()].sort());
    for (const t of model.graph.initializers) {
      const e: TensorEntry = ix.tensors.get(t.name)!;
      assert.deepEqual(e.shape, t.dims);
      assert.deepEqual(readTensor(e), t.data, t.name);
    }
  }
});

test('reading a tensor whose file shrank after indexing is an InputError naming file and tensor', (t) => {
  const dir = tempDir('st', t);
  const file = path.join(dir, 'a.safetensors');
  fs.copyFileSync(fixture('run-files/ckpt-0.safetensors'), file);
  const ix = indexSafetensors(file);
  fs.truncateSync(file, 100);
  assert.throws(() => readTensor(ix.tensors.get('fc.weight')!), /a\.safetensors: tensor "fc\.weight": the file shrank/);
});
