/**
 * Rows or columns of a matrix centred on their mean and scaled to unit L2 norm: the vectors whose dot products are
 * Pearson correlations. Sums are float64 whatever the element type of the copy.
 *
 * The loops run once per call over millions of entries, so their bodies are small functions called per row or tile:
 * V8 optimizes such a function after a few calls, while one long loop runs unoptimized until on-stack replacement
 * kicks in (2-3x slower on a cold 2.4M-entry pass).
 */
import type { Precision } from '../linalg/matmul.js';

export type ArrayOf<P extends Precision> = P extends 'float32' ? Float32Array : Float64Array;

/** Side of the square tiles the transposing write goes through, so neither side is walked with a cache-missing stride. */
const TILE = 32;

function allocate<P extends Precision>(n: number, precision: P): ArrayOf<P> {
  return (precision === 'float32' ? new Float32Array(n) : new Float64Array(n)) as ArrayOf<P>;
}

/** Signature of standardizedRows and standardizedColumns: a float64 copy by default, float32 on request. */
export type Standardize = <P extends Precision = 'float64'>(data: ArrayLike<number>, rows: number, cols: number, precision?: P) => ArrayOf<P>;

/** A Standardize that allocates the copy and has `fill` write into it. */
function standardizer(fill: (data: ArrayLike<number>, rows: number, cols: number, z: Float32Array | Float64Array) => void): Standardize {
  return ((data: ArrayLike<number>, rows: number, cols: number, precision: Precision = 'float64') => {
    const z = allocate(rows * cols, precision);
    fill(data, rows, cols, z);
    return z;
  }) as Standardize;
}

/**
 * Rows centred on their mean and scaled to unit L2 norm, as a row-major copy (float64 by default). A constant row
 * (zero variance) becomes all zeros, so its correlation with anything is 0; so does a row with a NaN or infinite
 * entry (its variance is NaN), so the copy is always finite.
 */
export const standardizedRows = standardizer((data, rows, cols, z) => {
  for (let r = 0; r < rows; r++) standardizeRow(data, z, r * cols, cols);
});

function standardizeRow(data: ArrayLike<number>, z: Float32Array | Float64Array, base: number, cols: number): void {
  let sum = 0;
  for (let c = 0; c < cols; c++) sum += data[base + c];
  const mean = sum / cols;
  let ss = 0;
  for (let c = 0; c < cols; c++) {
    const v = data[base + c] - mean;
    ss += v * v;
  }
  if (!(ss > 0)) return;
  const inv = 1 / Math.sqrt(ss);
  for (let c = 0; c < cols; c++) z[base + c] = (data[base + c] - mean) * inv;
}

/**
 * The columns of the row-major rows x cols matrix standardized like `standardizedRows`, returned as the rows of a
 * cols x rows copy: standardizedRows of the transpose, value for value (each column is summed in the same order),
 * without forming the transpose first.
 */
export const standardizedColumns = standardizer((data, rows, cols, z) => {
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) addRow(data, r * cols, cols, mean);
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const ss = new Float64Array(cols);
  for (let r = 0; r < rows; r++) addSquaredDeviations(data, r * cols, cols, mean, ss);
  const inv = ss.map((s) => (s > 0 ? 1 / Math.sqrt(s) : 0));
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    for (let c0 = 0; c0 < cols; c0 += TILE) writeTile(data, rows, cols, r0, c0, mean, inv, z);
  }
  // A constant column was scaled by 0, which leaves -0 where it sat below its mean: all zeros, as standardizedRows.
  for (let c = 0; c < cols; c++) if (!(ss[c] > 0)) z.fill(0, c * rows, (c + 1) * rows);
});

function addRow(data: ArrayLike<number>, base: number, cols: number, acc: Float64Array): void {
  for (let c = 0; c < cols; c++) acc[c] += data[base + c];
}

function addSquaredDeviations(data: ArrayLike<number>, base: number, cols: number, mean: Float64Array, acc: Float64Array): void {
  for (let c = 0; c < cols; c++) {
    const v = data[base + c] - mean[c];
    acc[c] += v * v;
  }
}

/** Standardized entries of the tile at (r0, c0), written transposed. */
function writeTile(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  r0: number,
  c0: number,
  mean: Float64Array,
  inv: Float64Array,
  z: Float32Array | Float64Array,
): void {
  const r1 = Math.min(rows, r0 + TILE);
  const c1 = Math.min(cols, c0 + TILE);
  for (let c = c0; c < c1; c++) {
    const m = mean[c];
    const s = inv[c];
    const row = c * rows;
    for (let r = r0; r < r1; r++) z[row + r] = (data[r * cols + c] - m) * s;
  }
}
