/**
 * Pearson correlation between the rows (or columns) of weight matrices (feature correlation, neuron matching).
 *
 * Rows are centred and scaled to unit L2 norm in JavaScript (O(rows x cols), src/metrics/standardize.ts); the
 * products of those unit rows run on onnxruntime's MatMul (src/linalg/matmul.ts), so a 4096-row layer costs one
 * multi-threaded, vectorized GEMM's worth instead of a triple JavaScript loop. A symmetric result is formed from its
 * upper triangle only, in panels of rows (each panel against itself and the rows below it), and mirrored: about half
 * the work of the full product on wide layers.
 */
import { matmulTransB, type Precision } from '../linalg/matmul.js';
import { assertMatrixSize } from './check.js';
import { standardizedColumns, standardizedRows, type ArrayOf, type Standardize } from './standardize.js';
import type { FloatData } from './types.js';

export { standardizedRows, standardizedColumns } from './standardize.js';

/**
 * Rows per panel of the symmetric product: the lower triangle skipped is all but half a panel per panel, and a panel
 * is still tall enough for an efficient GEMM.
 */
const BLOCK = 256;

/** Side of the square tiles the mirroring goes through. */
const TILE = 64;

function clampUnit(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}

/** Pearson correlation of two equally long vectors, in JavaScript (no onnxruntime); 0 when either is constant. */
export function pearson(x: FloatData, y: FloatData): number {
  if (x.length !== y.length) throw new Error(`pearson: length mismatch (${x.length} vs ${y.length})`);
  const zx = standardizedRows(x, 1, x.length);
  const zy = standardizedRows(y, 1, y.length);
  let s = 0;
  for (let k = 0; k < zx.length; k++) s += zx[k] * zy[k];
  return clampUnit(s);
}

/**
 * Signature of rowCorrelation and columnCorrelation. `block` (rows per panel of the product) changes only how the work
 * is cut, not the result; tests set it small. `precision` 'float32' halves the memory (standardized copy, product and
 * result) at about 1e-6 absolute error: for the largest layers.
 */
export type Correlation = <P extends Precision = 'float64'>(
  data: FloatData,
  rows: number,
  cols: number,
  block?: number,
  precision?: P,
) => Promise<ArrayOf<P>>;

/** The Correlation of the unit vectors `standardize` makes of the rows x cols matrix, `vectors` of them. */
function correlationOf(what: string, standardize: Standardize, vectors: 'rows' | 'cols'): Correlation {
  return (async (data: FloatData, rows: number, cols: number, block = BLOCK, precision: Precision = 'float64') => {
    assertMatrixSize(data, rows, cols, what);
    if (!Number.isInteger(block) || block < 1) throw new Error(`${what}: block must be a positive integer, got ${block}`);
    const [n, k] = vectors === 'rows' ? [rows, cols] : [cols, rows];
    return unitGram(standardize(data, rows, cols, precision), n, k, block);
  }) as Correlation;
}

/**
 * rows x rows Pearson correlation of the rows of a row-major rows x cols matrix, row-major, exactly symmetric.
 * A constant row has correlation 0 with every other row and 1 on its own diagonal entry.
 */
export const rowCorrelation = correlationOf('rowCorrelation', standardizedRows, 'rows');

/**
 * cols x cols Pearson correlation of the columns of a row-major rows x cols matrix: rowCorrelation of its transpose,
 * value for value, without forming the transpose (a MatMul weight stored [in, out] has its features as columns).
 */
export const columnCorrelation = correlationOf('columnCorrelation', standardizedColumns, 'cols');

/**
 * z z^T for unit rows z (n x k), clamped to [-1, 1], 1 on the diagonal, the lower triangle mirrored from the upper.
 * Unit rows are finite (standardizedRows zeroes a row with a non-finite entry), so the clamp sees no NaN.
 */
async function unitGram<T extends Float32Array | Float64Array>(z: T, n: number, k: number, block: number): Promise<T> {
  const out = (z instanceof Float32Array ? new Float32Array(n * n) : new Float64Array(n * n)) as T;
  for (let i0 = 0; i0 < n; i0 += block) {
    const ni = Math.min(block, n - i0);
    const width = n - i0;
    const g = await matmulTransB(z.subarray(i0 * k, (i0 + ni) * k) as T, ni, z.subarray(i0 * k) as T, width, k, { clampUnit: true });
    for (let i = 0; i < ni; i++) out.set(g.subarray(i * width + i + 1, (i + 1) * width), (i0 + i) * n + i0 + i + 1);
  }
  mirrorUpper(out, n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** Copies the strict upper triangle of the n x n row-major `m` onto its lower triangle, tile by tile. */
function mirrorUpper(m: Float32Array | Float64Array, n: number): void {
  for (let i0 = 0; i0 < n; i0 += TILE) for (let j0 = i0; j0 < n; j0 += TILE) mirrorTile(m, n, i0, j0);
}

// A function per tile rather than one long loop: see src/metrics/standardize.ts on cold loops.
function mirrorTile(m: Float32Array | Float64Array, n: number, i0: number, j0: number): void {
  const i1 = Math.min(n, i0 + TILE);
  const j1 = Math.min(n, j0 + TILE);
  for (let i = i0; i < i1; i++) {
    const row = i * n;
    for (let j = Math.max(j0, i + 1); j < j1; j++) m[j * n + i] = m[row + j];
  }
}

/**
 * Mean of |corr[i][j]| over the finite entries with i != j of an n x n row-major matrix; null when there is none
 * (n < 2, or every off-diagonal entry NaN/infinite).
 */
export function meanAbsOffDiagonal(corr: ArrayLike<number>, n: number): number | null {
  assertMatrixSize(corr, n, n, 'meanAbsOffDiagonal');
  let s = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const base = i * n;
    for (let j = 0; j < n; j++) {
      const v = corr[base + j];
      if (j === i || !Number.isFinite(v)) continue;
      s += Math.abs(v);
      count++;
    }
  }
  return count === 0 ? null : s / count;
}

/**
 * rowsA x rowsB Pearson correlation between the rows of a (rowsA x cols) and the rows of b (rowsB x cols),
 * row-major. A constant row has correlation 0 with every row of the other matrix.
 */
export async function crossCorrelation(
  a: FloatData,
  rowsA: number,
  b: FloatData,
  rowsB: number,
  cols: number,
): Promise<Float64Array> {
  assertMatrixSize(a, rowsA, cols, 'crossCorrelation (a)');
  assertMatrixSize(b, rowsB, cols, 'crossCorrelation (b)');
  const out = await matmulTransB(standardizedRows(a, rowsA, cols), rowsA, standardizedRows(b, rowsB, cols), rowsB, cols);
  for (let k = 0; k < out.length; k++) out[k] = clampUnit(out[k]);
  return out;
}
