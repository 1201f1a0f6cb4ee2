import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLayers } from '../../src/model/layers.js';
import { GraphBuilder, int, ints } from './graph-builder.js';

function primitives(b: GraphBuilder): Record<string, string> {
  return Object.fromEntries(extractLayers(b.model()).map((l) => [l.name, l.primitive]));
}

/** MBConv: 1x1 expand + BN + SiLU, depthwise + BN + SiLU, SE (GAP, reduce, SiLU, expand, Sigmoid, Mul), 1x1 project + BN, residual. */
function mbconv(b: GraphBuilder, x: string, c: number): string {
  let y = b.silu(b.batchNorm('bn0', b.conv('expand', x, [4 * c, c, 1, 1], { bias: false }), 4 * c), 'act0');
  y = b.silu(b.batchNorm('bn1', b.conv('dw', y, [4 * c, 1, 3, 3], { group: 4 * c, bias: false }), 4 * c), 'act1');
  const pooled = b.node('GlobalAveragePool', [y], { name: 'gap' });
  const squeezed = b.silu(b.conv('se_reduce', pooled, [2, 4 * c, 1, 1]), 'se_act');
  const gate = b.node('Sigmoid', [b.conv('se_expand', squeezed, [4 * c, 2, 1, 1])], { name: 'gate' });
  y = b.node('Mul', [y, gate], { name: 'scale' });
  y = b.batchNorm('bn2', b.conv('project', y, [c, 4 * c, 1, 1], { bias: false }), c);
  return b.node('Add', [x, y], { name: 'residual' });
}

test('an MBConv block with BatchNorm kept', () => {
  const b = new GraphBuilder();
  mbconv(b, b.input('x'), 8);
  assert.deepEqual(primitives(b), {
    expand: 'pointwise_expand',
    bn0: 'norm',
    dw: 'depthwise',
    bn1: 'norm',
    se_reduce: 'se_reduce',
    se_expand: 'se_expand',
    project: 'pointwise_project',
    bn2: 'norm',
  });
});

test('an SE block of Gemms: Flatten, Relu, HardSigmoid, a view back to N,C,1,1', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const flat = b.node('Flatten', [b.node('GlobalAveragePool', [x])]);
  const fc1 = b.node('Gemm', [flat, b.init('fc1.w', [4, 16]), b.init('fc1.b', [4])], { name: 'fc1', attrs: { transB: int(1) } });
  const fc2 = b.node('Gemm', [b.node('Relu', [fc1]), b.init('fc2.w', [16, 4])], { name: 'fc2', attrs: { transB: int(1) } });
  const gate = b.node('Reshape', [b.node('HardSigmoid', [fc2]), b.ints('shape', [1, 16, 1, 1])]);
  const y = b.node('Mul', [x, gate]);
  b.node('Gemm', [b.node('Flatten', [b.node('GlobalAveragePool', [y])]), b.init('head.w', [10, 16])], { name: 'head' });
  assert.deepEqual(primitives(b), { fc1: 'se_reduce', fc2: 'se_expand', head: 'linear' });
});

test('ReduceMean over spatial axes (attribute or opset-18 input) is a global pool; over channels it is not', () => {
  for (const [axes, reduceIsSe] of [['attr23', true], ['input23', true], ['attr1', false], ['none', false]] as const) {
    const b = new GraphBuilder();
    const x = b.input('x');
    let pooled: string;
    if (axes === 'attr23') pooled = b.node('ReduceMean', [x], { attrs: { axes: ints([2, 3]) } });
    else if (axes === 'input23') pooled = b.node('ReduceMean', [x, b.ints('axes', [-2, -1])]);
    else if (axes === 'attr1') pooled = b.node('ReduceMean', [x], { attrs: { axes: ints([1]) } });
    else pooled = b.node('ReduceMean', [x]);
    const reduce = b.node('Relu', [b.conv('reduce', pooled, [2, 8, 1, 1])]);
    const gate = b.node('Sigmoid', [b.conv('expand', reduce, [8, 2, 1, 1])]);
    b.node('Mul', [gate, x]);
    assert.deepEqual(
      primitives(b),
      { reduce: reduceIsSe ? 'se_reduce' : 'pointwise_expand', expand: 'se_expand' },
      `axes ${axes}`,
    );
  }
});

test('se_reduce needs the path to reach an se_expand', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const reduce = b.node('Relu', [b.conv('reduce', b.node('GlobalAveragePool', [x]), [2, 8, 1, 1])]);
  b.conv('plain', reduce, [8, 2, 1, 1]);
  assert.deepEqual(primitives(b), { reduce: 'pointwise_expand', plain: 'pointwise_project' });
});

test('x * Sigmoid(x) after a 1x1 conv is SiLU, not an excitation gate', () => {
  const b = new GraphBuilder();
  b.silu(b.conv('pw', b.input('x'), [16, 8, 1, 1]), 'silu');
  assert.deepEqual(primitives(b), { pw: 'pointwise_expand' });
});

test('se_expand allows at most one activation before the gate', () => {
  const one = new GraphBuilder();
  let x = one.input('x');
  one.node('Mul', [x, one.node('HardSigmoid', [one.node('Relu', [one.conv('e', x, [8, 2, 1, 1])])])]);
  assert.deepEqual(primitives(one), { e: 'se_expand' });

  const two = new GraphBuilder();
  x = two.input('x');
  two.node('Mul', [x, two.node('Sigmoid', [two.node('Tanh', [two.node('Relu', [two.conv('e', x, [8, 2, 1, 1])])])])]);
  assert.deepEqual(primitives(two), { e: 'pointwise_expand' });
});

test('a gate multiplying a constant is no excitation', () => {
  const b = new GraphBuilder();
  b.node('Mul', [b.node('Sigmoid', [b.conv('c', b.input('x'), [8, 2, 1, 1])]), b.init('k', [8, 1, 1])]);
  // The constant is a parameter read by no layer node: a layer of its own.
  assert.deepEqual(primitives(b), { c: 'pointwise_expand', k: 'param' });
});

test('pointwise expand vs project: activation after (BN between allowed) or a residual Add first', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const expanded = b.node('Relu', [b.batchNorm('bn_e', b.conv('pw_relu', x, [16, 8, 1, 1]), 16)]);
  const clipped = b.node('Clip', [b.conv('pw_clip', expanded, [16, 16, 1, 1])]);
  const projected = b.batchNorm('bn_p', b.conv('pw_project', clipped, [8, 16, 1, 1]), 8);
  b.node('Relu', [b.node('Add', [projected, x])]);
  assert.deepEqual(primitives(b), {
    pw_relu: 'pointwise_expand',
    bn_e: 'norm',
    pw_clip: 'pointwise_expand',
    pw_project: 'pointwise_project',
    bn_p: 'norm',
  });
});

test('a GELU written out as Div, Erf, Add, Mul counts as an activation', () => {
  const b = new GraphBuilder();
  const c = b.conv('pw', b.input('x'), [16, 8, 1, 1]);
  const erf = b.node('Erf', [b.node('Div', [c, b.init('sqrt2', [])])]);
  b.node('Mul', [c, b.node('Add', [erf, b.init('one', [])])]);
  assert.deepEqual(primitives(b), { pw: 'pointwise_expand' });
});

test('group and kernel rules: depthwise, grouped, conv, ConvTranspose', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const dw = b.conv('dw', x, [32, 1, 3, 3], { group: 32 });
  const dwMultiplier = b.conv('dw_x2', dw, [64, 1, 5, 5], { group: 32 });
  const grouped = b.conv('grouped', dwMultiplier, [64, 16, 3, 3], { group: 4 });
  const groupedPw = b.conv('grouped_1x1', grouped, [64, 16, 1, 1], { group: 4 });
  const k3 = b.conv('k3', groupedPw, [8, 64, 3, 3]);
  const k1x3 = b.conv('k1x3', k3, [8, 8, 1, 3]);
  b.node('ConvTranspose', [k1x3, b.init('up.w', [8, 8, 1, 1])], { name: 'up' });
  assert.deepEqual(primitives(b), {
    dw: 'depthwise',
    dw_x2: 'depthwise',
    grouped: 'grouped',
    grouped_1x1: 'grouped',
    k3: 'conv',
    k1x3: 'conv',
    up: 'conv',
  });
});

test('1-D pointwise convs follow the same rules', () => {
  const b = new GraphBuilder();
  b.conv('proj', b.node('Relu', [b.conv('exp', b.input('x'), [16, 8, 1])]), [8, 16, 1]);
  assert.deepEqual(primitives(b), { exp: 'pointwise_expand', proj: 'pointwise_project' });
});
