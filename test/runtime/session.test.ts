import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel } from '../../src/onnx/encode.js';
import { DataType, type Model } from '../../src/onnx/types.js';
import { InputError } from '../../src/errors.js';
import { modelOf } from '../../src/graph/builder.js';
import {
  createSession,
  floatTensor,
  int64Tensor,
  releaseSession,
  run,
  scalarF32,
  scalarI64,
  scalarValue,
} from '../../src/runtime/session.js';
import { providersInProfile } from '../../src/runtime/profile.js';
import { tempDir } from '../util/temp-dir.js';

/** y = x * w + b (w, b initializers), n = argmax-free int path: k = labels + step. */
function tinyModel(): Model {
  return modelOf(
    {
      name: 'tiny',
      nodes: [
        { name: 'mul', opType: 'Mul', domain: '', inputs: ['x', 'w'], outputs: ['xw'], attributes: {} },
        { name: 'add', opType: 'Add', domain: '', inputs: ['xw', 'b'], outputs: ['y'], attributes: {} },
        { name: 'addi', opType: 'Add', domain: '', inputs: ['labels', 'step'], outputs: ['k'], attributes: {} },
      ],
      inputs: [
        { name: 'x', elemType: DataType.FLOAT, shape: ['batch', 3] },
        { name: 'labels', elemType: DataType.INT64, shape: ['batch'] },
        { name: 'step', elemType: DataType.INT64, shape: [] },
        { name: 'b', elemType: DataType.FLOAT, shape: [] },
      ],
      outputs: [
        { name: 'y', elemType: DataType.FLOAT, shape: ['batch', 3] },
        { name: 'k', elemType: DataType.INT64, shape: ['batch'] },
      ],
      initializers: [{ name: 'w', dataType: DataType.FLOAT, dims: [3], data: Float32Array.of(1, 2, -3) }],
    },
    { producerName: 'test' },
  );
}

test('a tiny model runs on cpu and returns plain typed arrays', async () => {
  const s = await createSession(encodeModel(tinyModel()), { device: 'cpu', threads: 1 });
  assert.equal(s.provider, 'cpu');
  assert.deepEqual(s.notes, []);
  assert.deepEqual([...s.inputNames].sort(), ['b', 'labels', 'step', 'x']);
  const out = await run(s, {
    x: floatTensor(Float32Array.of(1, 1, 1, 2, 0, -1), [2, 3]),
    labels: int64Tensor(BigInt64Array.of(4n, 7n), [2]),
    step: scalarI64(10),
    b: scalarF32(0.5),
  });
  assert.ok(out.y!.data instanceof Float32Array);
  assert.deepEqual([...out.y!.data], [1.5, 2.5, -2.5, 2.5, 0.5, 3.5]);
  assert.deepEqual(out.y!.dims, [2, 3]);
  assert.ok(out.k!.data instanceof BigInt64Array);
  assert.deepEqual([...out.k!.data], [14n, 17n]);
  await releaseSession(s);
});

test('run can fetch a subset of outputs', async () => {
  const s = await createSession(encodeModel(tinyModel()), { device: 'cpu', threads: 1 });
  const out = await run(
    s,
    {
      x: floatTensor(new Float32Array(3), [1, 3]),
      labels: int64Tensor(BigInt64Array.of(1n), [1]),
      step: scalarI64(2n),
      b: scalarF32(0),
    },
    ['k'],
  );
  assert.deepEqual(Object.keys(out), ['k']);
  assert.equal(scalarValue(out.k!), 3);
  await releaseSession(s);
});

test('floatTensor refuses a shape that does not match the data', () => {
  assert.throws(() => floatTensor(new Float32Array(5), [2, 3]), /5 elements cannot have shape \[2, 3\]/);
});

test('auto falls back to cpu on a machine without the CUDA provider and says why', async (t) => {
  const s = await createSession(encodeModel(tinyModel()), { device: 'auto' });
  if (s.provider === 'cuda') {
    t.skip('this machine has a working CUDA provider');
    return;
  }
  assert.equal(s.provider, 'cpu');
  assert.ok(s.notes.length > 0);
  assert.match(s.notes[0]!, /^CUDA execution provider not used: \S/);
  await releaseSession(s);
});

test('cuda without a usable CUDA provider is an InputError with an install hint', async (t) => {
  let created;
  try {
    created = await createSession(encodeModel(tinyModel()), { device: 'cuda' });
  } catch (e) {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /--device cuda/);
    assert.match(e.message, /npm install --onnxruntime-node-install=cuda12/);
    assert.match(e.message, /README "GPU \(CUDA\)"/);
    return;
  }
  assert.equal(created.provider, 'cuda');
  t.skip('this machine has a working CUDA provider');
});

test('a model onnxruntime rejects is an error naming the label, also under auto', async () => {
  await assert.rejects(
    createSession(Uint8Array.of(1, 2, 3), { device: 'auto', label: 'broken.onnx' }),
    (e: Error) => !(e instanceof InputError) && /could not load broken\.onnx: .*protobuf/i.test(e.message),
  );
});

test('run writes outputs into preallocated tensors when given', async () => {
  const s = await createSession(encodeModel(tinyModel()), { device: 'cpu', threads: 1 });
  const target = new Float32Array(3);
  const out = await run(
    s,
    {
      x: floatTensor(Float32Array.of(1, 2, 3), [1, 3]),
      labels: int64Tensor(BigInt64Array.of(1n), [1]),
      step: scalarI64(0),
      b: scalarF32(1),
    },
    ['y', 'k'],
    { y: floatTensor(target, [1, 3]) },
  );
  assert.deepEqual([...target], [2, 5, -8]);
  assert.deepEqual([...out.y!.data], [2, 5, -8]);
  assert.deepEqual([...out.k!.data], [1n]);
  await releaseSession(s);
});

test('a profile says which provider ran the nodes', async (t) => {
  const dir = tempDir('prof', t);
  const s = await createSession(encodeModel(tinyModel()), { device: 'cpu', enableProfiling: true, profileFilePrefix: join(dir, 'p') });
  await run(s, {
    x: floatTensor(new Float32Array(3), [1, 3]),
    labels: int64Tensor(BigInt64Array.of(1n), [1]),
    step: scalarI64(0),
    b: scalarF32(0),
  });
  await releaseSession(s);
  const files = readdirSync(dir).filter((f) => f.startsWith('p') && f.endsWith('.json'));
  assert.equal(files.length, 1);
  const counts = providersInProfile(readFileSync(join(dir, files[0]!), 'utf8'));
  assert.deepEqual(Object.keys(counts), ['CPUExecutionProvider']);
  assert.ok(counts.CPUExecutionProvider! >= 2 && counts.CPUExecutionProvider! <= 3); // 3 nodes, maybe fused
});
