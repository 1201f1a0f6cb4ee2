import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeModel } from '../../src/onnx/encode.js';
import { decodeModel } from '../../src/onnx/decode.js';
import { DataType, type Model, type Tensor } from '../../src/onnx/types.js';
import { emptyGraph, floatTensor, modelWith, withoutSources } from './helpers.js';

function tensorsOfEveryDtype(): Tensor[] {
  const t = (name: string, dataType: DataType, dims: number[], data: Tensor['data']): Tensor => ({ name, dataType, dims, data });
  return [
    t('f32', DataType.FLOAT, [2, 3], Float32Array.from([1.5, -2, 0, 3.25, -0, 1e-40])),
    t('f16', DataType.FLOAT16, [5], Float32Array.from([1, -2, 65504, 2 ** -24, -Infinity])),
    t('bf16', DataType.BFLOAT16, [3], Float32Array.from([1, -3, 2 ** -133])),
    t('f64', DataType.DOUBLE, [2, 2], Float64Array.from([Math.PI, -1e300, 5e-324, 0.1])),
    t('i32', DataType.INT32, [3], Int32Array.from([-2147483648, 0, 2147483647])),
    t('i64', DataType.INT64, [3], BigInt64Array.from([-(2n ** 63n), -1n, 2n ** 63n - 1n])),
    t('u8', DataType.UINT8, [3], Uint8Array.from([0, 128, 255])),
    t('i8', DataType.INT8, [3], Int8Array.from([-128, 0, 127])),
    t('u16', DataType.UINT16, [2], Uint16Array.from([0, 65535])),
    t('i16', DataType.INT16, [2], Int16Array.from([-32768, 32767])),
    t('u32', DataType.UINT32, [2], Uint32Array.from([0, 4294967295])),
    t('u64', DataType.UINT64, [2], BigUint64Array.from([0n, 2n ** 64n - 1n])),
    t('bool', DataType.BOOL, [4], Uint8Array.from([1, 0, 0, 1])),
    t('c64', DataType.COMPLEX64, [2], Float32Array.from([1, 2, -3, 4.5])),
    t('c128', DataType.COMPLEX128, [1], Float64Array.from([0.1, -0.2])),
    t('scalar', DataType.FLOAT, [], Float32Array.from([42])),
    t('empty', DataType.FLOAT, [0, 3], new Float32Array(0)),
    t('str', DataType.STRING, [2], new Uint8Array(0)),
  ];
}

function richModel(): Model {
  const body = emptyGraph([floatTensor('body_w', [2])], 'then_branch');
  body.nodes.push({ name: 'inner', opType: 'Identity', domain: '', inputs: ['body_w'], outputs: ['o'], attributes: {} });
  body.outputs.push({ name: 'o', elemType: DataType.FLOAT, shape: [2] });
  const g = emptyGraph(tensorsOfEveryDtype(), 'main');
  g.nodes.push(
    {
      name: 'conv0',
      opType: 'Conv',
      domain: '',
      inputs: ['x', 'f32'],
      outputs: ['c'],
      attributes: {
        alpha: { type: 'float', value: Math.fround(0.1) },
        group: { type: 'int', value: -3 },
        big: { type: 'int', value: 2 ** 53 - 1 },
        auto_pad: { type: 'string', value: 'SAME_UPPER ünïcode' },
        value: { type: 'tensor', value: { name: 'cv', dataType: DataType.INT64, dims: [2], data: BigInt64Array.from([7n, -8n]) } },
        scales: { type: 'floats', value: [0.5, -1.25, Math.fround(1e-7)] },
        pads: { type: 'ints', value: [0, 1, -1, 2 ** 40] },
        names: { type: 'strings', value: ['a', '', 'ç'] },
      },
    },
    {
      name: 'if0',
      opType: 'If',
      domain: 'com.example',
      inputs: ['cond'],
      outputs: ['o'],
      attributes: { then_branch: { type: 'graph', value: body }, else_branch: { type: 'graph', value: emptyGraph([], 'else') } },
    },
  );
  g.inputs.push({ name: 'x', elemType: DataType.FLOAT, shape: ['batch', 3, null, 224] }, { name: 'cond', elemType: DataType.BOOL, shape: [] });
  g.outputs.push({ name: 'o', elemType: DataType.FLOAT, shape: null });
  g.valueInfo.push({ name: 'c', elemType: DataType.FLOAT16, shape: [1, 'C'] }, { name: 'opaque', elemType: DataType.UNDEFINED, shape: null });
  const m = modelWith(g, { 'weightscale.epoch': '3', 'weightscale.step': '1200', 'weightscale.run': 'r/ü' });
  m.opsetImports.push({ domain: 'com.example', version: 2 });
  m.producerVersion = '1.2.3';
  return m;
}

test('decode(encode(m)) equals m for every dtype and attribute kind', () => {
  const m = richModel();
  const back = decodeModel(encodeModel(m), { source: 'mem.onnx' });
  assert.deepEqual(withoutSources(back), m);
  for (const t of back.graph.initializers) assert.equal(t.source, 'mem.onnx');
});

test('encoding the decoded model reproduces the same bytes', () => {
  const bytes = encodeModel(richModel());
  const again = encodeModel(decodeModel(bytes, { source: 'mem.onnx' }));
  assert.deepEqual(Buffer.from(again), Buffer.from(bytes));
});

test('encoder converts data given in another array type to the declared dtype', () => {
  const m = modelWith(
    emptyGraph([
      { name: 'd', dataType: DataType.DOUBLE, dims: [2], data: Float32Array.from([0.5, 2]) },
      { name: 'i64', dataType: DataType.INT64, dims: [2], data: Int32Array.from([-5, 9]) },
      { name: 'f', dataType: DataType.FLOAT, dims: [1], data: BigInt64Array.from([3n]) },
    ]),
  );
  const back = decodeModel(encodeModel(m), { source: 'm' });
  assert.deepEqual(back.graph.initializers.map((t) => t.data), [
    Float64Array.from([0.5, 2]),
    BigInt64Array.from([-5n, 9n]),
    Float32Array.from([3]),
  ]);
});

test('encoder rejects data whose length disagrees with dims', () => {
  const m = modelWith(emptyGraph([floatTensor('w', [2, 2], [1, 2, 3])]));
  assert.throws(() => encodeModel(m), /tensor "w".*3 values, expected 4/);
});

test('includeNonFloat: false omits non-float initializers only', () => {
  const bytes = encodeModel(richModel());
  const m = decodeModel(bytes, { source: 'm', includeNonFloat: false });
  assert.deepEqual(
    m.graph.initializers.map((t) => t.name),
    ['f32', 'f16', 'bf16', 'f64', 'scalar', 'empty'],
  );
});
