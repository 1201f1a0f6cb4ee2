/** Reads a PNG's signature and IHDR size from its first bytes (test helper; no tests here). */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngSize(buf: Buffer): { width: number; height: number } {
  if (buf.length < 24 || SIGNATURE.some((b, i) => buf[i] !== b)) throw new Error('not a PNG: bad signature');
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: first chunk is not IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
