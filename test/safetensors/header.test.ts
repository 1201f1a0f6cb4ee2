import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeader, checkHeaderLength } from '../../src/safetensors/header.js';
import { InputError } from '../../src/errors.js';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

test('tensors come back in data order with their element counts; metadata optional; unknown entry keys ignored', () => {
  const h = parseHeader(
    'x.safetensors',
    enc({
      b: { dtype: 'F16', shape: [3, 2], data_offsets: [8, 20], extra: 1 },
      a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] },
      e: { dtype: 'F32', shape: [0, 7], data_offsets: [20, 20] },
      f: { dtype: 'F4', shape: [3], data_offsets: [20, 22] },
    }),
    22,
  );
  assert.deepEqual(h.tensors.map((t) => [t.name, t.elements, t.begin, t.end]), [
    ['a', 1, 0, 8],
    ['b', 6, 8, 20],
    ['e', 0, 20, 20],
    ['f', 3, 20, 22],
  ]);
  assert.deepEqual(h.metadata, {});
});

test('a gap between tensors and trailing bytes are accepted; an empty tensor inside another one owns no bytes', () => {
  const h = parseHeader(
    'x.safetensors',
    enc({
      __metadata__: { format: 'pt' },
      a: { dtype: 'U8', shape: [2], data_offsets: [4, 6] },
      z: { dtype: 'F32', shape: [0], data_offsets: [5, 5] },
    }),
    100,
  );
  assert.deepEqual(h.metadata, { format: 'pt' });
  assert.equal(h.tensors.length, 2);
});

test('header length: 100 MB is the limit, the file size the bound', () => {
  assert.equal(checkHeaderLength('x', 100_000_000n, 100_000_008), 100_000_000);
  assert.throws(() => checkHeaderLength('x', 100_000_001n, 1e12), InputError);
  assert.throws(() => checkHeaderLength('x', 2n ** 64n - 1n, 1e12), /x: header length 18446744073709551615 is over the 100 MB limit/);
  assert.throws(() => checkHeaderLength('x', 93n, 100), /header length 93 is beyond the end of the file \(100 bytes/);
  assert.equal(checkHeaderLength('x', 92n, 100), 92);
});

test('a bytes count that overflows (BF16 of 2^52 elements) is refused, not rounded', () => {
  assert.throws(
    () => parseHeader('x', enc({ w: { dtype: 'BF16', shape: [2 ** 26, 2 ** 26], data_offsets: [0, 2 ** 53] } }), 10),
    /x: tensor "w": shape \[67108864, 67108864\] declares an impossibly large element count/,
  );
});
