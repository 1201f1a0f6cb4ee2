import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainOrder, featureCorrelation, featureMatrix, featureView, penultimateLayer } from '../../src/analyze/features.js';
import { mulberry32 } from '../../src/util/random.js';
import { bandingScore, evenSample, lastConvBeforePooling, weightBanding } from '../../src/analyze/banding.js';
import type { Layer, Primitive } from '../../src/model/types.js';
import type { Graph, Node } from '../../src/onnx/types.js';

function layer(name: string, op: string, primitive: Primitive, shape: number[], index = 0): Layer {
  const params = shape.reduce((a, b) => a * b, 1);
  return {
    name, index, depth: index, op, primitive, weight: `${name}.weight`, extras: [], tensors: [`${name}.weight`],
    shape, params, paramsAll: params, structuralKey: `${index}:${op}:1:${shape.join('x')}`,
  };
}

function node(opType: string, inputs: string[], outputs: string[], attributes: Node['attributes'] = {}): Node {
  return { name: outputs[0], opType, domain: '', inputs, outputs, attributes };
}

test('penultimate layer skips norm layers', () => {
  const layers = [layer('c1', 'Conv', 'conv', [4, 1, 3, 3]), layer('bn', 'BatchNormalization', 'norm', [4]),
    layer('fc1', 'Gemm', 'linear', [8, 4]), layer('bn2', 'BatchNormalization', 'norm', [8]), layer('fc2', 'Gemm', 'linear', [2, 8])];
  assert.equal(penultimateLayer(layers)?.name, 'fc1');
  assert.equal(penultimateLayer(layers.slice(0, 2)), null);
});

test('feature rows: Gemm with transB=1 as stored, Gemm without transB and right-hand MatMul transposed', () => {
  const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
  const l = layer('fc', 'Gemm', 'linear', [2, 3]);
  const gemmT = node('Gemm', ['x', 'fc.weight'], ['y'], { transB: { type: 'int', value: 1 } });
  assert.deepEqual(featureMatrix(l, gemmT, data), { rows: 2, cols: 3, data });
  const gemm = node('Gemm', ['x', 'fc.weight'], ['y']);
  const t = featureMatrix(l, gemm, data);
  assert.equal(t.rows, 3);
  assert.deepEqual(Array.from(t.data), [1, 4, 2, 5, 3, 6]);
  const mm = featureMatrix({ ...l, op: 'MatMul' }, node('MatMul', ['x', 'fc.weight'], ['y']), data);
  assert.deepEqual(Array.from(mm.data), [1, 4, 2, 5, 3, 6]);
});

test('feature view: weights holding features as columns are flagged, not copied; correlation is the same either way', async () => {
  const rnd = mulberry32(2);
  const data = Float32Array.from({ length: 6 * 5 }, () => rnd());
  const l = layer('fc', 'MatMul', 'linear', [6, 5]);
  const view = featureView(l, node('MatMul', ['x', 'fc.weight'], ['y']), data);
  assert.deepEqual({ rows: view.rows, cols: view.cols, transposed: view.transposed }, { rows: 5, cols: 6, transposed: true });
  assert.equal(view.data, data);
  const copied = featureMatrix(l, node('MatMul', ['x', 'fc.weight'], ['y']), data);
  assert.deepEqual(await featureCorrelation(view), await featureCorrelation(copied));
  const gemmT = featureView(layer('g', 'Gemm', 'linear', [6, 5]), node('Gemm', ['x', 'g.weight'], ['y'], { transB: { type: 'int', value: 1 } }), data);
  assert.deepEqual({ rows: gemmT.rows, cols: gemmT.cols, transposed: gemmT.transposed }, { rows: 6, cols: 5, transposed: undefined });
});

/** The greedy chain written the plain way: full scans, the first (lowest-index) maximum wins. */
function plainChain(corr: ArrayLike<number>, n: number): number[] {
  const score = (i: number, j: number) => Math.abs(corr[i * n + j]);
  let start = 0;
  let best = -1;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += score(i, j);
    if (s > best) [best, start] = [s, i];
  }
  const order = [start];
  const placed = new Set(order);
  while (order.length < n) {
    let next = -1;
    for (let j = 0; j < n; j++) if (!placed.has(j) && (next < 0 || score(order[order.length - 1], j) > score(order[order.length - 1], next))) next = j;
    order.push(next);
    placed.add(next);
  }
  return order;
}

test('chain order equals the plain greedy chain, ties included', () => {
  const rnd = mulberry32(31);
  for (const n of [1, 2, 5, 40]) {
    // Entries from a few levels, so that ties are common.
    const c = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) c[i * n + j] = c[j * n + i] = i === j ? 1 : Math.round(rnd() * 4) / 4 - 0.5;
    assert.deepEqual(chainOrder(c, n), plainChain(c, n), `n = ${n}`);
  }
});

test('feature correlation of rows: perfectly (anti-)correlated rows give mean |r| 1', async () => {
  const r = await featureCorrelation({ rows: 3, cols: 3, data: Float32Array.from([1, 2, 3, 2, 4, 6, 3, 2, 1]) });
  assert.equal(r.n, 3);
  assert.ok(Math.abs(r.meanAbsCorrelation - 1) < 1e-12);
  assert.ok(Math.abs(r.matrix[0 * 3 + 2] + 1) < 1e-12);
});

test('chain order puts blocks of correlated features together', () => {
  // features 0,2 correlated (0.9), 1,3 correlated (0.8), across blocks 0.1
  const c = [
    [1, 0.1, 0.9, 0.1],
    [0.1, 1, 0.1, 0.8],
    [0.9, 0.1, 1, 0.1],
    [0.1, 0.8, 0.1, 1],
  ];
  const order = chainOrder(Float64Array.from(c.flat()), 4);
  const pos = (i: number) => order.indexOf(i);
  assert.equal(Math.abs(pos(0) - pos(2)), 1);
  assert.equal(Math.abs(pos(1) - pos(3)), 1);
  assert.deepEqual([...order].sort(), [0, 1, 2, 3]);
});

test('banding score: horizontal bands -> 1, vertical -> 0, no structure -> 0.5', () => {
  const horizontal = Float32Array.from([1, 1, 1, 5, 5, 5, 2, 2, 2]);
  const vertical = Float32Array.from([1, 5, 2, 1, 5, 2, 1, 5, 2]);
  assert.equal(bandingScore(horizontal, 1, 1, 3, 3), 1);
  assert.equal(bandingScore(vertical, 1, 1, 3, 3), 0);
  assert.equal(bandingScore(new Float32Array(9).fill(3), 1, 1, 3, 3), 0.5);
});

test('weight banding gives one RGB tile per neuron in [0,1], and nothing for 1x1 kernels', async () => {
  const l = layer('conv', 'Conv', 'conv', [4, 2, 3, 3]);
  const w = Float32Array.from({ length: 4 * 2 * 9 }, (_, i) => Math.sin(i * 1.7));
  const b = await weightBanding(l, w, { seed: 1 });
  assert.ok(b);
  assert.equal(b.tiles.length, 4);
  assert.equal(b.tiles[0].length, 27);
  for (const tile of b.tiles) for (const v of tile) assert.ok(v >= 0 && v <= 1);
  assert.equal(await weightBanding(layer('pw', 'Conv', 'pointwise_project', [4, 2, 1, 1]), new Float32Array(8), { seed: 1 }), null);
});

test('even sample keeps the ends', () => {
  assert.deepEqual(evenSample(3, 5), [0, 1, 2]);
  assert.deepEqual(evenSample(101, 5), [0, 25, 50, 75, 100]);
});

test('the conv feeding the last global pooling is found through BN, activation and a residual add', () => {
  const graph: Graph = {
    name: 'g', inputs: [], outputs: [], initializers: [], valueInfo: [],
    nodes: [
      node('Conv', ['x', 'c1.weight'], ['a']),
      node('GlobalAveragePool', ['a'], ['se']), // an SE-style pooling earlier in the graph
      node('Conv', ['a', 'c2.weight'], ['b']),
      node('BatchNormalization', ['b', 's', 'bb', 'm', 'v'], ['bn']),
      node('Add', ['bn', 'a'], ['sum']),
      node('Relu', ['sum'], ['r']),
      node('GlobalAveragePool', ['r'], ['p']),
    ],
  };
  const layers = [layer('c1', 'Conv', 'conv', [2, 1, 3, 3], 0), layer('c2', 'Conv', 'conv', [2, 2, 3, 3], 2)];
  assert.equal(lastConvBeforePooling(graph, layers)?.name, 'c2');
});

test('a residual 1x1 shortcut does not hide the spatial conv of the main branch; a lone 1x1 conv is still found', () => {
  const graph: Graph = {
    name: 'g', inputs: [], outputs: [], initializers: [], valueInfo: [],
    nodes: [
      node('Conv', ['x', 'main.weight'], ['m']),
      node('Conv', ['x', 'short.weight'], ['s']),
      node('Add', ['m', 's'], ['sum']),
      node('GlobalAveragePool', ['sum'], ['p']),
    ],
  };
  const main = { ...layer('main', 'Conv', 'conv', [4, 2, 3, 3], 0) };
  const short = { ...layer('short', 'Conv', 'pointwise_project', [4, 2, 1, 1], 1) };
  assert.equal(lastConvBeforePooling(graph, [main, short])?.name, 'main');
  const onlyShort: Graph = { ...graph, nodes: [graph.nodes[1], node('GlobalAveragePool', ['s'], ['p'])] };
  assert.equal(lastConvBeforePooling(onlyShort, [main, short])?.name, 'short');
});
