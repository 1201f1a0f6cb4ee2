import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { topoIndices, topoOrder } from '../../src/model/topo.js';
import { GraphBuilder } from './graph-builder.js';

function opNames(b: GraphBuilder): string[] {
  return topoOrder(b.model().graph).map((n) => n.name);
}

test('an already sorted graph keeps its order', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const c = b.conv('c1', x, [4, 1, 3, 3]);
  const r = b.node('Relu', [c], { name: 'r1' });
  b.conv('c2', r, [4, 4, 3, 3]);
  assert.deepEqual(opNames(b), ['c1', 'r1', 'c2']);
});

test('nodes listed consumer-first are put after their producers', () => {
  const b = new GraphBuilder();
  b.input('x');
  b.node('Relu', ['a_out'], { name: 'b', outputs: ['b_out'] });
  b.node('Relu', ['b_out'], { name: 'c', outputs: ['c_out'] });
  b.node('Relu', ['x'], { name: 'a', outputs: ['a_out'] });
  assert.deepEqual(opNames(b), ['a', 'b', 'c']);
  assert.deepEqual(topoIndices(b.model().graph), [2, 0, 1]);
});

test('ready nodes are taken in file order (Kahn with ties broken by position)', () => {
  const b = new GraphBuilder();
  b.input('x');
  b.node('Relu', ['a_out'], { name: 'after_a', outputs: ['aa'] });
  b.node('Relu', ['x'], { name: 'independent', outputs: ['i'] });
  b.node('Relu', ['x'], { name: 'a', outputs: ['a_out'] });
  b.node('Add', ['aa', 'i'], { name: 'join', outputs: ['j'] });
  // Initially ready: independent (position 1) and a (position 2); after_a becomes ready only after a.
  assert.deepEqual(opNames(b), ['independent', 'a', 'after_a', 'join']);
});

test('initializers and values nobody produces are sources', () => {
  const b = new GraphBuilder();
  const w = b.init('w', [2, 2]);
  b.node('MatMul', ['dangling', w], { name: 'mm', outputs: ['y'] });
  b.node('Relu', ['y'], { name: 'r', outputs: ['z'] });
  assert.deepEqual(opNames(b), ['mm', 'r']);
});

test('a value a subgraph reads from the outer scope orders the node after its producer', () => {
  const b = new GraphBuilder();
  b.input('cond');
  const body = {
    name: 'then',
    nodes: [{ name: 'inner', opType: 'Identity', domain: '', inputs: ['late'], outputs: ['t'], attributes: {} }],
    inputs: [],
    outputs: [],
    initializers: [],
    valueInfo: [],
  };
  b.node('If', ['cond'], {
    name: 'if',
    outputs: ['if_out'],
    attrs: { then_branch: { type: 'graph', value: body }, else_branch: { type: 'graph', value: { ...body, name: 'else' } } },
  });
  b.node('Relu', ['cond'], { name: 'producer', outputs: ['late'] });
  assert.deepEqual(opNames(b), ['producer', 'if']);
});

test('a cycle is an InputError naming a node on the cycle, not one downstream of it', () => {
  const b = new GraphBuilder();
  b.input('x');
  b.node('Relu', ['a_out'], { name: 'downstream', outputs: ['d'] });
  b.node('Add', ['x', 'b_out'], { name: 'A', outputs: ['a_out'] });
  b.node('Relu', ['a_out'], { name: 'B', outputs: ['b_out'] });
  assert.throws(
    () => topoOrder(b.model().graph),
    (e: unknown) => e instanceof InputError && /cycle through node '(A|B)'/.test(e.message) && !e.message.includes('downstream'),
  );
});

test('a node reading its own output is a cycle', () => {
  const b = new GraphBuilder();
  b.node('Add', ['x', 'y'], { name: 'self', outputs: ['y'] });
  assert.throws(() => topoOrder(b.model().graph), /cycle through node 'self' \(Add\)/);
});

test('a value produced by two nodes is an InputError naming both', () => {
  const b = new GraphBuilder();
  b.input('x');
  b.node('Relu', ['x'], { name: 'first', outputs: ['y'] });
  b.node('Tanh', ['x'], { name: 'second', outputs: ['y'] });
  assert.throws(
    () => topoOrder(b.model().graph),
    (e: unknown) => e instanceof InputError && /'y' is produced by two nodes, 'first'.*'second'/.test(e.message),
  );
});

test('many independent nodes come out in file order', () => {
  const b = new GraphBuilder();
  b.input('x');
  for (let i = 0; i < 50; i++) b.node('Relu', ['x'], { name: `n${i}`, outputs: [`o${i}`] });
  assert.deepEqual(opNames(b), Array.from({ length: 50 }, (_, i) => `n${i}`));
});
