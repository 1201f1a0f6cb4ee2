/** Row-major transposes of typed matrices, in square tiles so that neither side is walked with a cache-missing stride. */

const TILE = 32;

/** The transpose (cols x rows) of the row-major rows x cols matrix `a`, of the same element type. */
export function transposed<T extends Float32Array | Float64Array>(a: T, rows: number, cols: number): T {
  if (a.length !== rows * cols) throw new Error(`transposed: expected ${rows} x ${cols} = ${rows * cols} values, got ${a.length}`);
  const out = (a instanceof Float32Array ? new Float32Array(a.length) : new Float64Array(a.length)) as T;
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(cols, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        const base = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = a[base + j];
      }
    }
  }
  return out;
}
