import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bfloat16ToFloat, floatToBfloat16, floatToHalf, halfToFloat } from '../../src/onnx/float16.js';

const halfCases: Array<[number, number]> = [
  [0x0000, 0],
  [0x8000, -0],
  [0x3c00, 1],
  [0xbc00, -1],
  [0xc000, -2],
  [0x3800, 0.5],
  [0x3555, 0.333251953125],
  [0x7bff, 65504],
  [0xfbff, -65504],
  [0x0001, 2 ** -24],
  [0x03ff, 1023 * 2 ** -24],
  [0x0400, 2 ** -14],
  [0x7c00, Infinity],
  [0xfc00, -Infinity],
];

test('float16 bit patterns widen to the exact float value', () => {
  for (const [bits, value] of halfCases) assert.equal(halfToFloat(bits), value, `0x${bits.toString(16)}`);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
  assert.ok(Number.isNaN(halfToFloat(0x7c01)));
  assert.ok(Object.is(halfToFloat(0x8000), -0));
});

test('float16 narrowing inverts widening for all 63488 non-NaN patterns', () => {
  for (let h = 0; h < 0x10000; h++) {
    if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) {
      assert.ok(Number.isNaN(halfToFloat(floatToHalf(halfToFloat(h)))));
      continue;
    }
    assert.equal(floatToHalf(halfToFloat(h)), h);
  }
});

test('float16 narrowing rounds to nearest even, underflows to subnormals/zero, overflows to infinity', () => {
  assert.equal(floatToHalf(1 + 2 ** -11), 0x3c00); // halfway between 1 and next: ties to even (1)
  assert.equal(floatToHalf(1 + 3 * 2 ** -11), 0x3c02); // halfway, odd below: rounds up
  assert.equal(floatToHalf(1 + 2 ** -11 + 2 ** -20), 0x3c01);
  assert.equal(floatToHalf(65519), 0x7bff);
  assert.equal(floatToHalf(65520), 0x7c00);
  assert.equal(floatToHalf(1e10), 0x7c00);
  assert.equal(floatToHalf(-1e10), 0xfc00);
  assert.equal(floatToHalf(2 ** -25), 0x0000); // tie between 0 and smallest subnormal: even is 0
  assert.equal(floatToHalf(2 ** -25 * 1.5), 0x0001);
  assert.equal(floatToHalf(3 * 2 ** -25), 0x0002); // tie between 1 and 2 subnormal units: even is 2
  assert.equal(floatToHalf(2 ** -14 - 2 ** -25), 0x0400); // rounds up from largest subnormal to smallest normal
  assert.equal(floatToHalf(1e-30), 0x0000);
  assert.equal(floatToHalf(-1e-30), 0x8000);
  assert.equal(floatToHalf(NaN) & 0x7c00, 0x7c00);
  assert.notEqual(floatToHalf(NaN) & 0x3ff, 0);
});

test('bfloat16 conversions', () => {
  assert.equal(bfloat16ToFloat(0x3f80), 1);
  assert.equal(bfloat16ToFloat(0xc000), -2);
  assert.equal(bfloat16ToFloat(0x4049), 3.140625);
  assert.equal(bfloat16ToFloat(0x7f80), Infinity);
  assert.equal(bfloat16ToFloat(0xff80), -Infinity);
  assert.equal(bfloat16ToFloat(0x0001), 2 ** -133);
  assert.ok(Number.isNaN(bfloat16ToFloat(0x7fc0)));
  assert.equal(floatToBfloat16(1), 0x3f80);
  assert.equal(floatToBfloat16(Math.PI), 0x4049);
  assert.equal(floatToBfloat16(1 + 2 ** -8), 0x3f80); // tie, even
  assert.equal(floatToBfloat16(1 + 3 * 2 ** -8), 0x3f82); // tie, odd below: up
  assert.equal(floatToBfloat16(3.4e38), 0x7f80); // rounds past the largest finite value
  assert.ok(Number.isNaN(bfloat16ToFloat(floatToBfloat16(NaN))));
  for (let b = 0; b < 0x10000; b++) {
    if ((b & 0x7f80) === 0x7f80 && (b & 0x7f) !== 0) continue;
    assert.equal(floatToBfloat16(bfloat16ToFloat(b)), b);
  }
});
