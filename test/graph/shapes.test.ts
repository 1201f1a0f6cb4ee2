import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataType } from '../../src/onnx/types.js';
import { intAttr, intsAttr } from '../../src/graph/attrs.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import { inferShapes } from '../../src/graph/shapes.js';
import { topoOrder } from '../../src/model/topo.js';

test('static shapes with a symbolic batch through conv, pool, flatten, gemm and broadcasting', () => {
  const b = new GraphBuilder();
  b.input('x', DataType.FLOAT, ['batch', 3, 32, 31]);
  b.input('w', DataType.FLOAT, [8, 3, 5, 5]);
  b.input('fc', DataType.FLOAT, [10, 8 * 8 * 7]);
  const c = b.op('Conv', ['x', 'w'], { strides: intsAttr([2, 2]), pads: intsAttr([2, 2, 2, 2]) });
  const p = b.op('MaxPool', [c], { kernel_shape: intsAttr([2, 2]), strides: intsAttr([2, 2]) });
  const ceil = b.op('AveragePool', [c], { kernel_shape: intsAttr([3, 3]), strides: intsAttr([2, 2]), ceil_mode: intAttr(1) });
  const f = b.op('Flatten', [p], { axis: intAttr(1) });
  const y = b.op('Gemm', [f, 'fc'], { transB: intAttr(1) });
  const s = b.op('Add', [y, b.constFloat([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 10])]);
  const shapes = inferShapes(b.build('s').graph).types;
  assert.deepEqual(shapes.get(c)!.shape, ['batch', 8, 16, 16]);
  assert.deepEqual(shapes.get(p)!.shape, ['batch', 8, 8, 8]);
  assert.deepEqual(shapes.get(ceil)!.shape, ['batch', 8, 8, 8]);
  assert.deepEqual(shapes.get(f)!.shape, ['batch', 512]);
  assert.deepEqual(shapes.get(y)!.shape, ['batch', 10]);
  assert.deepEqual(shapes.get(s)!.shape, ['batch', 10]);
});

test("PyTorch's view(x.size(0), -1) chain (Shape, Gather, Unsqueeze, Concat, Reshape) resolves", () => {
  const b = new GraphBuilder();
  b.input('x', DataType.FLOAT, ['batch', 4, 3, 3]);
  const shape = b.op('Shape', ['x']);
  const n = b.op('Gather', [shape, b.constInt64([0], [])], { axis: intAttr(0) });
  const n1 = b.op('Unsqueeze', [n, b.constInt64([0])]);
  const target = b.op('Concat', [n1, b.constInt64([-1])], { axis: intAttr(0) });
  const y = b.op('Reshape', ['x', target]);
  const info = inferShapes(b.build('v').graph);
  assert.deepEqual(info.values.get(target), ['batch', -1]);
  assert.deepEqual(info.types.get(y)!.shape, ['batch', 36]);
});

test('topological order puts producers first and keeps the stored order otherwise', () => {
  const b = new GraphBuilder();
  b.input('x', DataType.FLOAT, [2]);
  b.node('Relu', ['a'], {}, { name: 'second', outputs: ['b'] });
  b.node('Neg', ['x'], {}, { name: 'first', outputs: ['a'] });
  b.node('Abs', ['x'], {}, { name: 'independent', outputs: ['c'] });
  const order = topoOrder(b.build('t').graph).map((n) => n.name);
  assert.deepEqual(order, ['first', 'second', 'independent']);
});

test('builder: fresh names avoid used and reserved names, constants are shared', () => {
  const b = new GraphBuilder();
  b.reserve(['t']);
  b.input('x', DataType.FLOAT, [1]);
  assert.equal(b.fresh('x'), 'x_1');
  assert.equal(b.fresh('t'), 't_1');
  assert.equal(b.constInt64([1, 2]), b.constInt64([1, 2]));
  assert.notEqual(b.constInt64([1, 2]), b.constInt64([2, 1]));
  b.node('Identity', ['x'], {}, { outputs: ['t'] });
  assert.throws(() => b.node('Identity', ['x'], {}, { outputs: ['t'] }), /already used/);
});
