/** Throws when two arrays that are compared element by element differ in length. */
export function assertSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) {
    throw new Error(`${what}: length mismatch (${a.length} vs ${b.length})`);
  }
}

/** Throws when a row-major matrix buffer does not hold exactly rows x cols values. */
export function assertMatrixSize(data: ArrayLike<unknown>, rows: number, cols: number, what: string): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new Error(`${what}: invalid shape ${rows} x ${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new Error(`${what}: expected ${rows} x ${cols} = ${rows * cols} values, got ${data.length}`);
  }
}
