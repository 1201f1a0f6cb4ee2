/** Pearson correlation between the rows of weight matrices (feature correlation, neuron matching). */
import { assertMatrixSize } from './check.js';
import type { FloatData } from './types.js';

/**
 * Rows centred on their mean and scaled to unit L2 norm, as a float64 row-major copy.
 * A constant row (zero variance) becomes all zeros, so its correlation with anything is 0.
 */
function standardizedRows(data: FloatData, rows: number, cols: number): Float64Array {
  const z = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += data[base + c];
    const mean = sum / cols;
    let ss = 0;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c] - mean;
      z[base + c] = v;
      ss += v * v;
    }
    if (ss > 0) {
      const inv = 1 / Math.sqrt(ss);
      for (let c = 0; c < cols; c++) z[base + c] *= inv;
    } else {
      for (let c = 0; c < cols; c++) z[base + c] = 0;
    }
  }
  return z;
}

function clampUnit(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}

/**
 * rows x rows Pearson correlation of the rows of a row-major rows x cols matrix, row-major.
 * A constant row has correlation 0 with every other row and 1 on its own diagonal entry.
 */
export function rowCorrelation(data: FloatData, rows: number, cols: number): Float64Array {
  assertMatrixSize(data, rows, cols, 'rowCorrelation');
  const z = standardizedRows(data, rows, cols);
  const out = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    out[i * rows + i] = 1;
    const bi = i * cols;
    for (let j = i + 1; j < rows; j++) {
      const bj = j * cols;
      let s = 0;
      for (let c = 0; c < cols; c++) s += z[bi + c] * z[bj + c];
      s = clampUnit(s);
      out[i * rows + j] = s;
      out[j * rows + i] = s;
    }
  }
  return out;
}

/** Mean of |corr[i][j]| over i != j of an n x n row-major matrix; 0 when n < 2 (no off-diagonal entries). */
export function meanAbsOffDiagonal(corr: ArrayLike<number>, n: number): number {
  assertMatrixSize(corr, n, n, 'meanAbsOffDiagonal');
  if (n < 2) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const base = i * n;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const v = corr[base + j];
      s += Math.abs(v);
    }
  }
  return s / (n * (n - 1));
}

/**
 * rowsA x rowsB Pearson correlation between the rows of a (rowsA x cols) and the rows of b (rowsB x cols),
 * row-major. A constant row has correlation 0 with every row of the other matrix.
 */
export function crossCorrelation(
  a: FloatData,
  rowsA: number,
  b: FloatData,
  rowsB: number,
  cols: number,
): Float64Array {
  assertMatrixSize(a, rowsA, cols, 'crossCorrelation (a)');
  assertMatrixSize(b, rowsB, cols, 'crossCorrelation (b)');
  const za = standardizedRows(a, rowsA, cols);
  const zb = standardizedRows(b, rowsB, cols);
  const out = new Float64Array(rowsA * rowsB);
  for (let i = 0; i < rowsA; i++) {
    const bi = i * cols;
    for (let j = 0; j < rowsB; j++) {
      const bj = j * cols;
      let s = 0;
      for (let c = 0; c < cols; c++) s += za[bi + c] * zb[bj + c];
      out[i * rowsB + j] = clampUnit(s);
    }
  }
  return out;
}
