import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readModel } from '../../src/onnx/read.js';
import { DataType, type Tensor } from '../../src/onnx/types.js';
import { repoRoot } from './helpers.js';

// fixtures/onnx/reference.onnx was written by the Python `onnx` package (scripts/make-onnx-fixtures.py).
const file = path.join(repoRoot, 'fixtures', 'onnx', 'reference.onnx');

test('reads a model written by the reference onnx package, with exact values', () => {
  const m = readModel(file);
  assert.equal(m.irVersion, 8);
  assert.equal(m.producerName, 'make-onnx-fixtures');
  assert.deepEqual(m.opsetImports, [{ domain: '', version: 17 }]);
  assert.deepEqual(m.metadata, { 'weightscale.epoch': '7', 'weightscale.run': 'reference' });

  const byName = new Map<string, Tensor>(m.graph.initializers.map((t) => [t.name, t]));
  const get = (name: string) => {
    const t = byName.get(name);
    assert.ok(t, name);
    return t;
  };
  const conv = get('conv.weight');
  assert.equal(conv.dataType, DataType.FLOAT);
  assert.deepEqual(conv.dims, [1, 1, 2, 2]);
  assert.deepEqual(conv.data, Float32Array.from([1.5, -2.25, 3, 0.125]));
  assert.equal(conv.source, 'reference-weights.bin@0');
  assert.deepEqual(get('fc.bias').data, Float32Array.from([-0.5, 7, 1e-3]));
  assert.equal(get('fc.bias').source, 'reference-weights.bin@24');

  assert.deepEqual(get('half_raw').data, Float32Array.from([1, -2, 65504, 2 ** -24, Infinity, 0.5]));
  assert.deepEqual(get('half_typed').data, Float32Array.from([1, -2, 65504, 2 ** -24, Infinity]));
  assert.deepEqual(get('bf16_raw').data, Float32Array.from([1, -3, 2 ** -133]));
  assert.deepEqual(get('double_raw').dims, [2, 2]);
  assert.deepEqual(get('double_raw').data, Float64Array.from([Math.PI, -1e300, 5e-324, 0.1]));
  assert.deepEqual(get('float_typed').data, Float32Array.from([0.25, -1.5, 3.0e-5]));
  assert.deepEqual(get('shape_typed').data, BigInt64Array.from([-1n, 3136n]));

  const [conv0, constant] = m.graph.nodes;
  assert.deepEqual(conv0.attributes, {
    auto_pad: { type: 'string', value: 'NOTSET' },
    group: { type: 'int', value: 1 },
    kernel_shape: { type: 'ints', value: [2, 2] },
    pads: { type: 'ints', value: [0, 0, 0, 0] },
  });
  const value = constant.attributes.value;
  assert.equal(value.type, 'tensor');
  assert.deepEqual(value.type === 'tensor' && value.value.data, Float32Array.from([2, 4]));
  assert.deepEqual(m.graph.inputs, [{ name: 'x', elemType: DataType.FLOAT, shape: ['N', 1, 3, 3] }]);
  assert.deepEqual(m.graph.outputs, [{ name: 'y', elemType: DataType.FLOAT, shape: ['N', null] }]);
});

test('includeNonFloat: false drops the INT64 initializer and keeps the float ones', () => {
  const m = readModel(file, { includeNonFloat: false });
  assert.deepEqual(
    m.graph.initializers.map((t) => t.name),
    ['conv.weight', 'fc.bias', 'half_raw', 'double_raw', 'float_typed', 'half_typed', 'bf16_raw'],
  );
});
