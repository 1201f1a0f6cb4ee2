import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLayers } from '../../src/model/layers.js';
import { DataType } from '../../src/onnx/types.js';
import { GraphBuilder, int } from './graph-builder.js';

test('a LeNet-shaped graph: order, names, shapes, counts, keys', () => {
  const b = new GraphBuilder();
  let x = b.conv('/conv1/Conv', b.input('input'), [20, 1, 5, 5]);
  x = b.node('Relu', [x]);
  x = b.node('MaxPool', [x]);
  x = b.conv('/conv2/Conv', x, [50, 20, 5, 5]);
  x = b.node('Flatten', [b.node('Relu', [x])]);
  x = b.node('Gemm', [x, b.init('fc.weight', [10, 800]), b.init('fc.bias', [10])], {
    name: '/fc/Gemm',
    attrs: { transB: int(1) },
  });
  const layers = extractLayers(b.model());
  assert.deepEqual(
    layers.map((l) => [l.name, l.index, l.depth, l.op, l.primitive]),
    [
      ['/conv1/Conv', 0, 0, 'Conv', 'conv'],
      ['/conv2/Conv', 3, 1, 'Conv', 'conv'],
      ['/fc/Gemm', 6, 2, 'Gemm', 'linear'],
    ],
  );
  const [conv1, , fc] = layers;
  assert.equal(conv1!.weight, '/conv1/Conv.weight');
  assert.deepEqual(conv1!.extras, ['/conv1/Conv.bias']);
  assert.deepEqual(conv1!.tensors, ['/conv1/Conv.weight', '/conv1/Conv.bias']);
  assert.deepEqual(conv1!.shape, [20, 1, 5, 5]);
  assert.equal(conv1!.params, 500);
  assert.equal(conv1!.paramsAll, 520);
  assert.equal(conv1!.structuralKey, '0:Conv:1:20x1x5x5');
  // Gemm with transB=1: the tensor's own dims are reported, not the transposed ones.
  assert.deepEqual(fc!.shape, [10, 800]);
  assert.equal(fc!.params, 8000);
  assert.equal(fc!.paramsAll, 8010);
  assert.equal(fc!.structuralKey, '6:Gemm:1:10x800');
});

test('index is the position in topological order, not in the file', () => {
  const b = new GraphBuilder();
  b.input('x');
  b.node('Gemm', ['h', b.init('w2', [3, 4])], { name: 'second', outputs: ['y'] });
  b.node('Relu', ['g'], { name: 'relu', outputs: ['h'] });
  b.node('Gemm', ['x', b.init('w1', [4, 5])], { name: 'first', outputs: ['g'] });
  const layers = extractLayers(b.model());
  assert.deepEqual(layers.map((l) => [l.name, l.index, l.depth]), [['first', 0, 0], ['second', 2, 1]]);
});

test('MatMul: the initializer operand on either side, its slot in the key, a following bias Add', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const right = b.node('MatMul', [x, b.init('W', [8, 4])], { name: 'right' });
  const biased = b.node('Add', [right, b.init('bias', [4])], { name: 'add' });
  const left = b.node('MatMul', [b.init('L', [6, 5]), biased], { name: 'left' });
  b.node('MatMul', [left, x], { name: 'computed' });
  const layers = extractLayers(b.model());
  assert.deepEqual(layers.map((l) => l.name), ['right', 'left']);
  assert.deepEqual(layers.map((l) => l.structuralKey), ['0:MatMul:1:8x4', '2:MatMul:0:6x5']);
  assert.deepEqual(layers[0]!.extras, ['bias']);
  assert.equal(layers[0]!.paramsAll, 36);
  assert.deepEqual(layers[1]!.extras, []);
  assert.ok(layers.every((l) => l.primitive === 'linear'));
});

test('MatMul bias is taken only from a lone Add with a 1-D initializer; the others are layers of their own', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const mm = b.node('MatMul', [x, b.init('W', [8, 4])], { name: 'mm' });
  b.node('Add', [mm, b.init('not_bias', [2, 4])], { name: 'add2d' });
  const mm2 = b.node('MatMul', [x, b.init('W2', [8, 4])], { name: 'mm2' });
  b.node('Add', [mm2, b.init('b2', [4])], { name: 'add' });
  b.node('Relu', [mm2], { name: 'second_reader' });
  const layers = extractLayers(b.model());
  assert.deepEqual(layers.map((l) => [l.name, l.extras, l.primitive]), [
    ['mm', [], 'linear'],
    // [2, 4] has two dims above 1 and is added to a computed value: read as a position table (ViT's pos_embed).
    ['not_bias', [], 'position_embedding'],
    ['mm2', [], 'linear'],
    ['b2', [], 'param'],
  ]);
});

test('norms: scale is the weight, shift the extra, running statistics are not parameters', () => {
  const b = new GraphBuilder();
  const x = b.batchNorm('bn', b.input('x'), 16);
  const y = b.node('LayerNormalization', [x, b.init('ln.scale', [16])], { name: 'ln' });
  b.node('InstanceNormalization', [y, b.init('in.scale', [16]), b.init('in.B', [16])], { name: 'in' });
  const layers = extractLayers(b.model());
  assert.deepEqual(
    layers.map((l) => [l.name, l.weight, l.extras, l.params, l.paramsAll, l.primitive]),
    [
      ['bn', 'bn.weight', ['bn.bias'], 16, 32, 'norm'],
      ['ln', 'ln.scale', [], 16, 16, 'norm'],
      ['in', 'in.scale', ['in.B'], 16, 32, 'norm'],
    ],
  );
  assert.equal(layers[0]!.structuralKey, '0:BatchNormalization:1:16');
});

test('Gather on a float initializer is an embedding; on computed or integer data it is not a layer', () => {
  const b = new GraphBuilder();
  const ids = b.input('ids');
  const emb = b.node('Gather', [b.init('tok.weight', [100, 8]), ids], { name: 'embed' });
  b.node('Gather', [emb, ids], { name: 'gather_computed' });
  b.node('Gather', [b.init('lookup', [10], DataType.INT64), ids], { name: 'gather_ints' });
  const layers = extractLayers(b.model());
  assert.deepEqual(layers.map((l) => [l.name, l.primitive, l.structuralKey]), [['embed', 'embedding', '0:Gather:0:100x8']]);
});

test('weights routed through a chain of Identity nodes resolve to the initializer', () => {
  const b = new GraphBuilder();
  const w = b.node('Identity', [b.node('Identity', [b.init('shared.weight', [4, 3, 1, 1])])]);
  const bias = b.node('Identity', [b.init('shared.bias', [4])]);
  b.node('Conv', [b.input('x'), w, bias], { name: 'conv' });
  const [layer] = extractLayers(b.model());
  assert.equal(layer!.weight, 'shared.weight');
  assert.deepEqual(layer!.tensors, ['shared.weight', 'shared.bias']);
  assert.equal(layer!.index, 3);
  assert.equal(layer!.paramsAll, 16);
});

test('non-float weights make no layer; a float weight of another domain is a param layer of its own', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  b.node('Conv', [x, b.init('qw', [4, 3, 3, 3], DataType.INT8)], { name: 'int8_conv' });
  const intConstant = b.node('Constant', [], {
    name: 'iconst',
    attrs: { value: { type: 'tensor', value: { name: '', dataType: DataType.INT32, dims: [2, 2], data: new Int32Array(4) } } },
  });
  b.node('MatMul', [x, intConstant], { name: 'int_matmul' });
  b.node('Conv', [x, b.init('ms', [4, 3, 3, 3])], { name: 'fused', domain: 'com.microsoft' });
  assert.deepEqual(
    extractLayers(b.model()).map((l) => [l.name, l.op, l.primitive, l.weight, l.structuralKey]),
    [['ms', 'Conv', 'param', 'ms', '3:Conv:1:4x3x3x3']],
  );
});

test('a float Constant node is a weight, reached directly or through Identity/Cast, named after its output', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const constant = (name: string, dims: number[]) =>
    b.node('Constant', [], {
      name,
      attrs: { value: { type: 'tensor', value: { name: '', dataType: DataType.FLOAT, dims, data: new Float32Array(dims[0]! * dims[1]!) } } },
    });
  const direct = constant('c1', [2, 2]);
  b.node('MatMul', [x, direct], { name: 'const_matmul' });
  const routed = b.node('Cast', [b.node('Identity', [constant('c2', [3, 4])], { name: 'id' })], { name: 'cast', attrs: { to: { type: 'int', value: 1 } } });
  b.node('Gemm', [x, routed], { name: 'const_gemm' });
  const layers = extractLayers(b.model());
  assert.deepEqual(layers.map((l) => [l.name, l.weight, l.shape]), [
    ['const_matmul', direct, [2, 2]],
    ['const_gemm', b.model().graph.nodes.find((n) => n.name === 'c2')!.outputs[0], [3, 4]],
  ]);
});

test('other float dtypes count as weights', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  b.node('Gemm', [x, b.init('half', [2, 3], DataType.FLOAT16)], { name: 'h' });
  b.node('Gemm', [x, b.init('double', [2, 3], DataType.DOUBLE)], { name: 'd' });
  b.node('Gemm', [x, b.init('bf', [2, 3], DataType.BFLOAT16)], { name: 'bf' });
  assert.deepEqual(extractLayers(b.model()).map((l) => l.weight), ['half', 'double', 'bf']);
});

test('unnamed nodes get <op>_<index>; duplicate and colliding names are made unique', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  b.node('Gemm', [x, b.init('w0', [2, 2])]); // index 0, unnamed -> Gemm_0, but a node is really named Gemm_0
  b.node('Gemm', [x, b.init('w1', [2, 2])], { name: 'dup' });
  b.node('Gemm', [x, b.init('w2', [2, 2])], { name: 'dup' });
  b.node('Gemm', [x, b.init('w3', [2, 2])], { name: 'Gemm_0' });
  b.node('Gemm', [x, b.init('w4', [2, 2])]); // index 4 -> Gemm_4
  const names = extractLayers(b.model()).map((l) => l.name);
  assert.deepEqual(names, ['Gemm_0_2', 'dup', 'dup_2', 'Gemm_0', 'Gemm_4']);
  assert.equal(new Set(names).size, names.length);
});

test('ConvTranspose weight is input 1 with its bias', () => {
  const b = new GraphBuilder();
  b.node('ConvTranspose', [b.input('x'), b.init('up.weight', [8, 4, 2, 2]), b.init('up.bias', [4])], { name: 'up' });
  const [layer] = extractLayers(b.model());
  assert.deepEqual([layer!.op, layer!.primitive, layer!.params, layer!.paramsAll], ['ConvTranspose', 'conv', 128, 132]);
});
