/**
 * Pearson correlation between the rows of weight matrices (feature correlation, neuron matching).
 *
 * Rows are centred and scaled to unit L2 norm in JavaScript (O(rows x cols)); the rows x rows (or rowsA x rowsB)
 * products of those unit rows run on onnxruntime's MatMul in float64 (src/linalg/matmul.ts), so a 4096-row layer
 * costs one multi-threaded, vectorized GEMM instead of a triple JavaScript loop. A symmetric result is formed from
 * its upper block triangle only (blocks of BLOCK rows) and mirrored, which saves about 40% of the work on wide layers.
 */
import { matmulTransB, type Precision } from '../linalg/matmul.js';
import { assertMatrixSize } from './check.js';
import type { FloatData } from './types.js';

/** Rows per block of the symmetric product: large enough for an efficient GEMM, small enough to skip the lower half. */
const BLOCK = 1024;

/**
 * Rows centred on their mean and scaled to unit L2 norm, as a row-major copy (float64 by default; sums are float64
 * either way). A constant row (zero variance) becomes all zeros, so its correlation with anything is 0.
 */
export function standardizedRows<P extends Precision = 'float64'>(
  data: FloatData,
  rows: number,
  cols: number,
  precision: P = 'float64' as P,
): ArrayOf<P> {
  const z = (precision === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols)) as ArrayOf<P>;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += data[base + c];
    const mean = sum / cols;
    let ss = 0;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c] - mean;
      ss += v * v;
    }
    if (ss > 0) {
      const inv = 1 / Math.sqrt(ss);
      for (let c = 0; c < cols; c++) z[base + c] = (data[base + c] - mean) * inv;
    } else {
      for (let c = 0; c < cols; c++) z[base + c] = 0;
    }
  }
  return z;
}

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

type ArrayOf<P extends Precision> = P extends 'float32' ? Float32Array : Float64Array;

/**
 * rows x rows Pearson correlation of the rows of a row-major rows x cols matrix, row-major, exactly symmetric.
 * A constant row has correlation 0 with every other row and 1 on its own diagonal entry. `block` (rows per block
 * of the product) changes only how the work is cut, not the result; tests set it small. `precision` 'float32'
 * halves the memory (standardized copy, product and result) at about 1e-6 absolute error: for the largest layers.
 */
export async function rowCorrelation<P extends Precision = 'float64'>(
  data: FloatData,
  rows: number,
  cols: number,
  block = BLOCK,
  precision: P = 'float64' as P,
): Promise<ArrayOf<P>> {
  assertMatrixSize(data, rows, cols, 'rowCorrelation');
  if (!Number.isInteger(block) || block < 1) throw new Error(`rowCorrelation: block must be a positive integer, got ${block}`);
  const z = standardizedRows(data, rows, cols, precision);
  const out = (precision === 'float32' ? new Float32Array(rows * rows) : new Float64Array(rows * rows)) as ArrayOf<P>;
  for (let i0 = 0; i0 < rows; i0 += block) {
    const ni = Math.min(block, rows - i0);
    const zi = z.subarray(i0 * cols, (i0 + ni) * cols);
    for (let j0 = i0; j0 < rows; j0 += block) {
      const nj = Math.min(block, rows - j0);
      const g = await matmulTransB(zi, ni, z.subarray(j0 * cols, (j0 + nj) * cols), nj, cols);
      for (let i = 0; i < ni; i++) {
        // On a diagonal block only j > i is taken, so both halves come from the same computed entry.
        for (let j = j0 === i0 ? i + 1 : 0; j < nj; j++) {
          const s = clampUnit(g[i * nj + j]);
          out[(i0 + i) * rows + j0 + j] = s;
          out[(j0 + j) * rows + i0 + i] = s;
        }
      }
    }
  }
  for (let i = 0; i < rows; i++) out[i * rows + i] = 1;
  return out;
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
