/**
 * Feature correlation (docs/design.md section 5): Pearson correlation between the output features (rows) of the
 * penultimate weighted layer, and an order of those features that puts correlated ones together for the heatmap.
 */
import type { FloatData, Node } from '../onnx/types.js';
import type { Layer } from '../model/types.js';
import { columnCorrelation, meanAbsOffDiagonal, rowCorrelation } from '../metrics/index.js';
import { transposed } from '../linalg/transpose.js';

export interface FeatureMatrix {
  /** Features. */
  rows: number;
  /** Values per feature. */
  cols: number;
  /** rows x cols row-major, or with `transposed` cols x rows (one feature per column). */
  data: FloatData;
  transposed?: boolean;
}

/** Layers whose weight is not a matrix of features: norm scales, layer scales, learned tokens and tables, loose tensors. */
const NOT_FEATURES: ReadonlySet<string> = new Set(['norm', 'layer_scale', 'special_token', 'position_embedding', 'param']);

/**
 * The second-to-last layer that holds features (not a norm, layer scale, learned token, position table or loose
 * tensor), or null when the model has fewer than two such layers.
 */
export function penultimateLayer(layers: readonly Layer[]): Layer | null {
  const weighted = layers.filter((l) => !NOT_FEATURES.has(l.primitive) && l.shape.length >= 2);
  return weighted.length >= 2 ? weighted[weighted.length - 2] : null;
}

/**
 * The layer's weight with one feature per output. Conv [out, in, kh, kw] and Gemm with transB = 1 (PyTorch's
 * Linear) hold one feature per row; Gemm without transB and MatMul with the weight on the right hold [in, out], one
 * feature per column (`transposed`). No copy.
 */
export function featureView(layer: Layer, node: Node | undefined, data: FloatData): FeatureMatrix {
  const shape = layer.shape;
  const transB = node?.attributes.transB;
  const weightOnRight = node !== undefined && node.inputs[1] === layer.weight;
  const transposed =
    shape.length === 2 &&
    ((layer.op === 'Gemm' && !(transB?.type === 'int' && transB.value === 1)) || (layer.op === 'MatMul' && weightOnRight));
  if (transposed) return { rows: shape[1], cols: shape[0], data, transposed };
  const rows = shape[0] ?? 1;
  return { rows, cols: rows > 0 ? data.length / rows : 0, data };
}

/** featureView with one feature per row: a weight holding its features as columns is transposed (a copy). */
export function featureMatrix(layer: Layer, node: Node | undefined, data: FloatData): FeatureMatrix {
  const m = featureView(layer, node, data);
  if (!m.transposed) return m;
  return { rows: m.rows, cols: m.cols, data: transposed(data, m.cols, m.rows) };
}

/**
 * Above this many entries in the weight or in the correlation matrix (a 2048-feature layer), the correlation is
 * computed in float32 (about 1e-6 absolute error), so a 4096 x 4096 layer costs its own size three times over
 * (weight, standardized copy, result) rather than five (docs/design.md section 10).
 */
export const FLOAT32_CORRELATION_ABOVE = 1 << 22;

export interface FeatureCorrelationResult {
  matrix: Float32Array | Float64Array;
  n: number;
  meanAbsCorrelation: number;
  /** Display order of the features (chainOrder), so correlated features sit together. */
  order: number[];
}

/** Correlation of a feature matrix with at least two features (its entries are finite, so the mean |r| exists). */
export async function featureCorrelation(m: FeatureMatrix): Promise<FeatureCorrelationResult> {
  if (m.rows < 2) throw new Error(`featureCorrelation: ${m.rows} feature(s), need at least 2`);
  const large = Math.max(m.rows * m.rows, m.rows * m.cols) > FLOAT32_CORRELATION_ABOVE;
  const precision = large ? 'float32' : 'float64';
  const matrix = m.transposed
    ? await columnCorrelation(m.data, m.cols, m.rows, undefined, precision)
    : await rowCorrelation(m.data, m.rows, m.cols, undefined, precision);
  const { sums, total } = absRowSums(matrix, m.rows);
  return {
    matrix,
    n: m.rows,
    // The same sum, in the same order, as meanAbsOffDiagonal's when every entry is finite.
    meanAbsCorrelation: Number.isFinite(total) ? total / (m.rows * (m.rows - 1)) : meanAbsOffDiagonal(matrix, m.rows)!,
    order: chainOrderFrom(matrix, m.rows, sums),
  };
}

/**
 * Per row i of the n x n row-major `corr`: the sum of |corr[i][j]| over j != i, in j order; and the running sum of
 * all of them, row after row.
 */
export function absRowSums(corr: ArrayLike<number>, n: number): { sums: Float64Array; total: number } {
  const sums = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total = addAbsRow(corr, n, i, sums, total);
  return { sums, total };
}

// Per-row and per-step bodies are functions: see src/metrics/standardize.ts on cold loops.
function addAbsRow(corr: ArrayLike<number>, n: number, i: number, sums: Float64Array, total: number): number {
  const row = i * n;
  let s = 0;
  for (let j = 0; j < i; j++) {
    const a = Math.abs(corr[row + j]);
    s += a;
    total += a;
  }
  for (let j = i + 1; j < n; j++) {
    const a = Math.abs(corr[row + j]);
    s += a;
    total += a;
  }
  sums[i] = s;
  return total;
}

/**
 * Greedy chain order: start at the feature with the largest mean |r|, then repeatedly append the unplaced feature
 * most correlated (|r|) with the last placed one (the lowest index among equals). Blocks of mutually correlated
 * features come out contiguous.
 */
export function chainOrder(corr: ArrayLike<number>, n: number): number[] {
  return chainOrderFrom(corr, n, absRowSums(corr, n).sums);
}

/** chainOrder given absRowSums(corr, n). */
function chainOrderFrom(corr: ArrayLike<number>, n: number, sums: Float64Array): number[] {
  if (n === 0) return [];
  let start = 0;
  let best = -1;
  for (let i = 0; i < n; i++) if (sums[i] > best) [best, start] = [sums[i], i];
  const order = [start];
  // The unplaced features, kept packed (swap-remove) so each step scans only those.
  const left = Int32Array.from({ length: n - 1 }, (_, k) => (k < start ? k : k + 1));
  let count = n - 1;
  let last = start;
  while (count > 0) {
    const q = closest(corr, last * n, left, count);
    last = left[q];
    left[q] = left[--count];
    order.push(last);
  }
  return order;
}

/** Position in left[0..count) of the feature with the largest |corr[row + j]|, the lowest index among equals. */
function closest(corr: ArrayLike<number>, row: number, left: Int32Array, count: number): number {
  let best = 0;
  let bestScore = -1;
  for (let q = 0; q < count; q++) {
    const j = left[q];
    const s = Math.abs(corr[row + j]);
    if (s > bestScore || (s === bestScore && j < left[best])) {
      bestScore = s;
      best = q;
    }
  }
  return best;
}
