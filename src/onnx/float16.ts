/** IEEE 754 binary16 and bfloat16 <-> float32 conversions (bit-exact, round-to-nearest-even when narrowing). */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 bit pattern of the binary16 value `h` (exact: every half is a float32). */
function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp - 15 + 127) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // Subnormal half: shift the mantissa up until its leading bit becomes the implicit one.
  let e = -14;
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e--;
  }
  return (sign | ((e + 127) << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}

let halfTable: Float32Array | undefined;
function getHalfTable(): Float32Array {
  if (!halfTable) {
    const bits = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) bits[h] = halfToFloatBits(h);
    halfTable = new Float32Array(bits.buffer);
  }
  return halfTable;
}

export function halfToFloat(h: number): number {
  u32[0] = halfToFloatBits(h & 0xffff);
  return f32[0];
}

export function floatToHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e >= 1) {
    let h = sign | (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    // A carry out of the mantissa correctly bumps the exponent (and overflows to infinity at the top).
    if (rest > 0x1000 || (rest === 0x1000 && (h & 1) !== 0)) h++;
    return h;
  }
  const shift = 14 - e;
  if (shift > 24) return sign;
  const m = mant | 0x800000;
  let h = m >>> shift;
  const rest = m & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rest > half || (rest === half && (h & 1) !== 0)) h++;
  return sign | h;
}

export function bfloat16ToFloat(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0];
}

export function floatToBfloat16(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  if ((bits & 0x7fffffff) > 0x7f800000) return ((bits >>> 16) | 0x40) & 0xffff;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** Widen binary16 bit patterns to float32 through a 64K-entry table. */
export function halfBitsToFloat32(src: ArrayLike<number>, out = new Float32Array(src.length)): Float32Array {
  const table = getHalfTable();
  for (let i = 0; i < src.length; i++) out[i] = table[src[i] & 0xffff];
  return out;
}

export function bfloat16BitsToFloat32(src: ArrayLike<number>, out = new Float32Array(src.length)): Float32Array {
  const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < src.length; i++) bits[i] = (src[i] & 0xffff) << 16;
  return out;
}

export function float32ToHalfBits(src: ArrayLike<number>, out = new Uint16Array(src.length)): Uint16Array {
  for (let i = 0; i < src.length; i++) out[i] = floatToHalf(src[i]);
  return out;
}

export function float32ToBfloat16Bits(src: ArrayLike<number>, out = new Uint16Array(src.length)): Uint16Array {
  for (let i = 0; i < src.length; i++) out[i] = floatToBfloat16(src[i]);
  return out;
}
